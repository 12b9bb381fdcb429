import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { EN_STOP_WORDS, ZH_STOP_WORDS } from './stop-words.js';

/**
 * Keyword terms of a comment (issue 18 §3), pure apart from the cached segmenter: the comment is split into runs of
 * Han characters and runs of everything else. Han runs go to jieba (its built-in dictionary plus the organisation's
 * after-sales user dictionary, so 售后, 回访, 压缩机, 外机 stay whole where ICU's `Intl.Segmenter` splits them; HMM
 * for unknown words); the rest to `Intl.Segmenter('en', { granularity: 'word' })`. Terms are lower-cased (NFKC, so
 * full-width Latin folds too); stop words (English and Chinese lists), punctuation, numbers, single Latin letters and
 * single Han characters are dropped; a Chinese negator joins the word it negates (不 + 满意 → 不满意), so a
 * complaint never counts as praise. Each term once per comment (a comment counts once for a term: document
 * frequency).
 */

/** The default user dictionary, also seeded by migration 0027 (`keyword_dictionary`). */
export const DEFAULT_DICTIONARY_WORDS = [
  '售后',
  '回访',
  '压缩机',
  '外机',
  '内机',
  '上门',
  '师傅',
  '安装',
  '维修',
  '空调',
  '冰箱',
  '洗衣机',
  '热水器',
  '油烟机',
  '预约',
  '收费',
  '配件',
  '态度',
  '准时',
  '鞋套',
  '保修',
  '换机',
  '加氟',
  '漏水',
  '异响',
  '不制冷',
  '工单',
  '客服',
] as const;

/** Limits of the user dictionary (validated at the API). */
export const DICTIONARY_LIMITS = { words: 2000, wordLength: 20 } as const;

/** Longest term stored (longer tokens — a URL, a serial number — are not keywords). */
export const MAX_TERM_LENGTH = 40;

/**
 * A user-dictionary word's frequency for jieba: high enough that the word wins over the built-in dictionary's
 * splits (the built-in maximum is in the hundreds of thousands for the commonest words; domain words are far rarer).
 */
const USER_WORD_FREQUENCY = 200_000;

const HAN_RUN = /(\p{Script=Han}+)/u;
const HAN = /^\p{Script=Han}+$/u;
const HAS_LETTER = /\p{L}/u;
const ZH_NEGATORS = new Set(['不', '没', '没有', '未', '无', '别', '不太', '不够', '不怎么', '毫无', '并不', '很不']);

let base: Jieba | null = null;
const withUserWords = new Map<string, Jieba>();

/**
 * The jieba of a user dictionary: the built-in dictionary takes ≈ 300 ms and ≈ 37 MB to load, so the instance of the
 * current dictionary is kept (one; an edited dictionary replaces it), plus the plain one when the dictionary is empty.
 */
export function segmenterFor(userWords: readonly string[]): Jieba {
  const key = [...new Set(userWords)].sort().join('\n');
  if (key === '') {
    base ??= Jieba.withDict(dict);
    return base;
  }
  const cached = withUserWords.get(key);
  if (cached) return cached;
  const jieba = Jieba.withDict(dict);
  jieba.loadDict(
    Buffer.from(
      key
        .split('\n')
        .map((w) => `${w} ${USER_WORD_FREQUENCY}`)
        .join('\n'),
      'utf8',
    ),
  );
  withUserWords.clear(); // one instance: ≈ 37 MB of dictionary each (measured RSS)
  withUserWords.set(key, jieba);
  return jieba;
}

const enSegmenter = new Intl.Segmenter('en', { granularity: 'word' });

/** The language a comment is handled as: Chinese when it holds any Han character, else English. */
export function languageOf(comment: string): 'zh' | 'en' {
  return /\p{Script=Han}/u.test(comment) ? 'zh' : 'en';
}

function keepLatin(word: string): boolean {
  if (!HAS_LETTER.test(word)) return false; // numbers, punctuation
  if (word.length < 2) return false; // single letters
  return !EN_STOP_WORDS.has(word);
}

function chineseTerms(run: string, jieba: Jieba, out: Set<string>): void {
  const words = jieba.cut(run, true);
  for (let i = 0; i < words.length; i++) {
    let word = words[i]!;
    if (ZH_NEGATORS.has(word) && i + 1 < words.length && !ZH_STOP_WORDS.has(words[i + 1]!)) {
      word = `不${words[++i]!}`;
    }
    if (!HAN.test(word) || word.length < 2 || ZH_STOP_WORDS.has(word)) continue;
    out.add(word);
  }
}

function otherTerms(run: string, out: Set<string>): void {
  for (const s of enSegmenter.segment(run)) {
    if (!s.isWordLike) continue;
    const word = s.segment.toLowerCase();
    if (keepLatin(word)) out.add(word);
  }
}

/** The distinct terms of a comment (empty for an empty comment), in first-seen order. */
export function extractTerms(comment: string, userWords: readonly string[] = DEFAULT_DICTIONARY_WORDS): string[] {
  const text = comment.normalize('NFKC');
  const out = new Set<string>();
  const jieba = languageOf(text) === 'zh' ? segmenterFor(userWords) : null;
  for (const part of text.split(HAN_RUN)) {
    if (part === '') continue;
    if (jieba && HAN.test(part)) chineseTerms(part, jieba, out);
    else otherTerms(part, out);
  }
  return [...out].filter((t) => t.length <= MAX_TERM_LENGTH);
}
