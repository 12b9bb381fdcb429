import { describe, expect, it } from 'vitest';
import { DEFAULT_DICTIONARY_WORDS, extractTerms, languageOf } from './extract.js';
import { EN_STOP_WORDS, ZH_STOP_WORDS } from './stop-words.js';

describe('extractTerms — Chinese (jieba + the after-sales user dictionary)', () => {
  const comment = '师傅上门很准时，售后回访也及时，压缩机和外机都换了，空调安装收费合理，态度很好！';

  it('keeps the domain words whole', () => {
    const terms = extractTerms(comment);
    for (const w of ['师傅', '上门', '准时', '售后', '回访', '压缩机', '外机', '空调', '安装', '收费', '态度']) {
      expect(terms).toContain(w);
    }
    expect(terms).toEqual([
      '师傅',
      '上门',
      '准时',
      '售后',
      '回访',
      '及时',
      '压缩机',
      '外机',
      '空调',
      '安装',
      '收费',
      '合理',
      '态度',
    ]);
  });

  it('ICU splits what the dictionary keeps (the reason for jieba)', () => {
    const icu = [...new Intl.Segmenter('zh', { granularity: 'word' }).segment('外机售后回访')].map((s) => s.segment);
    expect(icu).not.toEqual(['外机', '售后', '回访']);
    expect(extractTerms('外机售后回访')).toEqual(['外机', '售后', '回访']);
  });

  it('without the user dictionary a domain word falls apart; an added word stays whole', () => {
    expect(extractTerms('加了氟利昂，内外机清洗', [])).not.toContain('内外机');
    expect(extractTerms('加了氟利昂，内外机清洗', [...DEFAULT_DICTIONARY_WORDS, '内外机'])).toContain('内外机');
  });

  it('never returns a stop word, a single character, punctuation or a number', () => {
    const terms = extractTerms('我觉得他们的服务非常好，就是有点慢了，等了3天！！！也还可以吧。2024年');
    for (const t of terms) {
      expect(ZH_STOP_WORDS.has(t)).toBe(false);
      expect(t.length).toBeGreaterThan(1);
      expect(t).toMatch(/^\p{Script=Han}+$/u);
    }
    expect(terms).toContain('服务');
  });

  it('joins a negator to the word it negates', () => {
    expect(extractTerms('非常不满意，师傅没有上门')).toEqual(['不满意', '师傅', '不上门']);
  });

  it('counts a term once per comment', () => {
    expect(extractTerms('空调空调空调，维修维修')).toEqual(['空调', '维修']);
  });
});

describe('extractTerms — English (Intl.Segmenter + stop words)', () => {
  it('lower-cases words and drops stop words, numbers and single letters', () => {
    expect(
      extractTerms('The engineer was ON TIME and the AC works, but I paid 200 for a spare part! Thank you x'),
    ).toEqual(['engineer', 'time', 'ac', 'works', 'paid', 'spare', 'part']);
  });

  it('never returns a stop word', () => {
    const terms = extractTerms("It's not what I'd call fast; they didn't even call back, and we are still waiting.");
    expect(terms.length).toBeGreaterThan(0);
    for (const t of terms) expect(EN_STOP_WORDS.has(t)).toBe(false);
    expect(terms).toEqual(['call', 'fast', 'back', 'waiting']);
  });

  it('folds full-width letters and keeps apostrophes inside words', () => {
    expect(extractTerms('ＡＣ repair, engineer’s gloves')).toEqual(['ac', 'repair', 'engineer’s', 'gloves']);
  });
});

describe('mixed comments and language detection', () => {
  it('detects the language per comment', () => {
    expect(languageOf('Great service')).toBe('en');
    expect(languageOf('great 服务')).toBe('zh');
  });

  it('segments each script by its own rules', () => {
    expect(extractTerms('空调 AC not cooling，压缩机 broken')).toEqual(['空调', 'ac', 'cooling', '压缩机', 'broken']);
  });

  it('an empty or punctuation-only comment has no terms', () => {
    expect(extractTerms('')).toEqual([]);
    expect(extractTerms('！！！。。。 ... 123')).toEqual([]);
  });
});
