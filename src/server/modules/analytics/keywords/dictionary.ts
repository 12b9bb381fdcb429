import { asc } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client.js';
import { keywordDictionary } from '../../../db/schema/keywords.js';

/** The organisation's user dictionary (words the Chinese segmenter keeps whole), sorted. */
export async function dictionaryWords(db: DbOrTx): Promise<string[]> {
  const rows = await db
    .select({ word: keywordDictionary.word })
    .from(keywordDictionary)
    .orderBy(asc(keywordDictionary.word));
  return rows.map((r) => r.word);
}

/** Replaces the dictionary with these words (in the caller's transaction). */
export async function writeDictionary(tx: DbOrTx, words: string[]): Promise<void> {
  await tx.delete(keywordDictionary);
  if (words.length > 0) await tx.insert(keywordDictionary).values(words.map((word) => ({ word })));
}
