/**
 * Words of a free-text comment, for keyword alerts (issue 17) and keyword frequencies (reports): Chinese and English
 * segmented into words by ICU (`Intl.Segmenter`, built into Node and browsers — no dictionary to ship), with negation
 * folded into the word it negates, so that the keyword 满意 does not match 很不满意 and "helpful" does not match
 * "not helpful", while the keyword 不满意 matches 非常不满意, 不太满意 and 很不满意.
 *
 * ICU splits 很不满意 as 很不 | 满意 and 没有解决 as 没有 | 解决, so a word that is a negator or ends in one marks the
 * next word as negated; every negator becomes 不 (Chinese) or `not` (English), on the comment and on the keyword alike.
 * A keyword matches a run of whole words whose joined text equals the keyword's own words joined — ICU may split a
 * keyword alone (修好) differently from the same characters in a sentence (修 | 好), and this still finds it.
 */

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

/** Chinese negators as ICU returns them, alone or at the end of a word (很不, 也不, 并不, 从没). */
const ZH_NEGATORS = [
  '不',
  '没',
  '没有',
  '未',
  '无',
  '别',
  '不太',
  '不够',
  '不怎么',
  '不是',
  '不算',
  '毫无',
  '并非',
  '不用',
  '不要',
  '不必',
  '无需',
  '无须',
  '甭',
];
const ZH_NEGATOR_ENDINGS = ['不', '没', '没有', '未'];
const EN_NEGATORS = new Set([
  'not',
  'no',
  'never',
  'cannot',
  "can't",
  "don't",
  "doesn't",
  "didn't",
  "isn't",
  "wasn't",
  "weren't",
  "won't",
  "wouldn't",
  "couldn't",
  "aren't",
  'hardly',
  'barely',
]);

const CJK = /\p{Script=Han}/u;

function negation(word: string): { rest: string; negates: boolean } {
  if (CJK.test(word)) {
    if (ZH_NEGATORS.includes(word)) return { rest: '', negates: true };
    const ending = ZH_NEGATOR_ENDINGS.find((n) => word.endsWith(n));
    if (ending) return { rest: word.slice(0, -ending.length), negates: true };
    return { rest: word, negates: false };
  }
  return EN_NEGATORS.has(word) ? { rest: '', negates: true } : { rest: word, negates: false };
}

/** The comment's words in order, lower-cased, negators folded into the word they negate (`不满意`, `not helpful`). */
export function termsOf(text: string): string[] {
  const terms: string[] = [];
  let negated = false;
  for (const part of segmenter.segment(text.normalize('NFKC').toLowerCase().replaceAll('’', "'"))) {
    if (!part.isWordLike) {
      // A clause ends at punctuation: 不，满意 is not 不满意.
      if (/[\p{P}]/u.test(part.segment)) negated = false;
      continue;
    }
    const { rest, negates } = negation(part.segment);
    if (rest) {
      terms.push(negated ? `${CJK.test(rest) ? '不' : 'not '}${rest}` : rest);
      negated = false;
    }
    if (negates) negated = true;
  }
  return terms;
}

/** Terms joined back into text: no space between two Chinese words, one between anything else. */
function joined(terms: readonly string[]): string {
  let out = '';
  for (const [i, term] of terms.entries()) {
    const previous = terms[i - 1];
    out += i > 0 && !(previous && CJK.test(previous.slice(-1)) && CJK.test(term[0] ?? '')) ? ` ${term}` : term;
  }
  return out;
}

/** A keyword as the matcher compares it (its own terms, joined). Empty when it has no word at all. */
export const keywordKey = (keyword: string): string => joined(termsOf(keyword));

/** Whether `keyword` occurs in `terms` as whole words (see the module comment). */
export function containsKeyword(terms: readonly string[], keyword: string): boolean {
  const key = keywordKey(keyword);
  if (!key) return false;
  for (let i = 0; i < terms.length; i++) {
    for (let j = i + 1; j <= terms.length; j++) {
      const run = joined(terms.slice(i, j));
      if (run === key) return true;
      if (run.length >= key.length) break;
    }
  }
  return false;
}

/** The keywords (as given) that occur in `text`. */
export function matchedKeywords(text: string, keywords: readonly string[]): string[] {
  const terms = termsOf(text);
  return keywords.filter((k) => containsKeyword(terms, k));
}
