import { describe, expect, it } from 'vitest';
import { normaliseAnswer } from './normalise';
import { classify, scoreRating, weightPercentages } from './score';
import { dim, manualTemplate, opt } from './test-fixtures';
import type { ScoringTemplate } from './types';

describe('worked example (SCORING.md §2)', () => {
  it.each([[[30, 40, 20, 10]], [[0.3, 0.4, 0.2, 0.1]]] as [[number, number, number, number]][])(
    'weights %j → S = 80.0, 4.2★, rounded 4, satisfied',
    (weights) => {
      const r = scoreRating(manualTemplate(weights), { speed: 5, technical: 4, attitude: 3, resolved: true });
      expect(r.normalised).toEqual({ speed: 100, technical: 75, attitude: 50, resolved: 100, comment: null });
      expect(r.score).toBeCloseTo(80, 10);
      expect(r.stars).toBeCloseTo(4.2, 10);
      expect(r.roundedStars).toBe(4);
      expect(r.tenPoint).toBeCloseTo(8.2, 10);
      expect(r.class).toBe('satisfied');
    },
  );
});

describe('normalisation (SCORING.md §1)', () => {
  it.each([
    ['star5', 1, 0],
    ['star5', 2, 25],
    ['star5', 3, 50],
    ['star5', 4, 75],
    ['star5', 5, 100],
    ['score10', 1, 0],
    ['score10', 4, 100 / 3],
    ['score10', 10, 100],
    ['nps', 0, 0],
    ['nps', 7, 70],
    ['nps', 10, 100],
    ['yes_no', true, 100],
    ['yes_no', false, 0],
  ] as const)('%s %s → %d', (type, value, n) => {
    expect(normaliseAnswer(dim('q', type), value)).toBeCloseTo(n, 10);
  });

  it('inverted yes_no: yes = 0, no = 100', () => {
    const d = dim('callTwice', 'yes_no', { inverted: true });
    expect(normaliseAnswer(d, true)).toBe(0);
    expect(normaliseAnswer(d, false)).toBe(100);
  });

  it('single choice: the option score, or not scored when the option has none', () => {
    const d = dim('channel', 'single_choice', { options: [opt('fast', 90), opt('slow', 0), opt('other')] });
    expect(normaliseAnswer(d, 'fast')).toBe(90);
    expect(normaliseAnswer(d, 'slow')).toBe(0);
    expect(normaliseAnswer(d, 'other')).toBeNull();
  });

  it('multi_choice and text are never scored', () => {
    expect(normaliseAnswer(dim('m', 'multi_choice', { options: [opt('a', 50)] }), ['a'])).toBeNull();
    expect(normaliseAnswer(dim('t', 'text'), 'great')).toBeNull();
  });

  it('unanswered is not scored', () => {
    expect(normaliseAnswer(dim('q', 'star5'), undefined)).toBeNull();
    expect(normaliseAnswer(dim('q', 'star5'), null)).toBeNull();
  });

  it('throws rather than clamps an invalid value', () => {
    expect(() => normaliseAnswer(dim('q', 'star5'), 6)).toThrow(RangeError);
    expect(() => normaliseAnswer(dim('q', 'star5'), 0)).toThrow(RangeError);
    expect(() => normaliseAnswer(dim('q', 'score10'), 2.5)).toThrow(RangeError);
    expect(() => normaliseAnswer(dim('q', 'nps'), -1)).toThrow(RangeError);
    expect(() => normaliseAnswer(dim('q', 'yes_no'), 1)).toThrow(RangeError);
    expect(() => normaliseAnswer(dim('q', 'single_choice', { options: [opt('a', 1)] }), 'b')).toThrow(RangeError);
  });
});

describe('scoreRating', () => {
  const template: ScoringTemplate = {
    weighting: false,
    dimensions: [
      dim('a', 'star5', { weight: 5 }),
      dim('b', 'nps', { weight: 0 }),
      dim('c', 'single_choice', { options: [opt('x', 40), opt('y')] }),
      dim('m', 'multi_choice', { options: [opt('p'), opt('q')] }),
      dim('t', 'text'),
    ],
  };

  it('weighting off: every scored dimension weighs 1, whatever its stored weight', () => {
    const r = scoreRating(template, { a: 5, b: 0, c: 'x' }); // (100 + 0 + 40) / 3
    expect(r.score).toBeCloseTo(140 / 3, 10);
  });

  it('weighting on: weights as given, weight 0 excluded', () => {
    const r = scoreRating({ ...template, weighting: true }, { a: 5, b: 0, c: 'x' }); // (5·100 + 1·40) / 6
    expect(r.score).toBeCloseTo(540 / 6, 10);
  });

  it('unanswered optional dimensions and unscored options do not count', () => {
    expect(scoreRating(template, { a: 3, c: 'y' }).score).toBe(50);
  });

  it('S is null when nothing scored was answered; the rating has no class', () => {
    const r = scoreRating(template, { c: 'y', m: ['p'], t: 'fine' });
    expect(r).toMatchObject({ score: null, stars: null, roundedStars: null, tenPoint: null, class: null });
    expect(r.normalised).toEqual({ a: null, b: null, c: null, m: null, t: null });
  });

  it('S is null when every answered dimension has weight 0', () => {
    expect(scoreRating({ ...template, weighting: true }, { b: 10 }).score).toBeNull();
  });

  it('inverted yes_no lowers S on yes', () => {
    const t: ScoringTemplate = {
      weighting: false,
      dimensions: [dim('s', 'star5'), dim('twice', 'yes_no', { inverted: true })],
    };
    expect(scoreRating(t, { s: 5, twice: true }).score).toBe(50);
    expect(scoreRating(t, { s: 5, twice: false }).score).toBe(100);
  });
});

describe('classes (SCORING.md §4)', () => {
  it.each([
    [0, 'negative'],
    [37.49, 'negative'],
    [37.5, 'neutral'],
    [62.49, 'neutral'],
    [62.5, 'satisfied'],
    [100, 'satisfied'],
  ] as const)('S = %d → %s', (s, c) => {
    expect(classify(s)).toBe(c);
  });

  it('agrees with the rounded star at the boundaries', () => {
    const t: ScoringTemplate = { weighting: false, dimensions: [dim('a', 'star5'), dim('b', 'score10')] };
    const two: ScoringTemplate = { weighting: false, dimensions: [dim('a', 'star5'), dim('b', 'star5')] };
    const at375 = scoreRating(two, { a: 2, b: 3 });
    expect(at375.score).toBe(37.5);
    expect(at375.roundedStars).toBe(3);
    expect(at375.class).toBe('neutral');
    const at625 = scoreRating(two, { a: 3, b: 4 });
    expect(at625.score).toBe(62.5);
    expect(at625.roundedStars).toBe(4);
    expect(at625.class).toBe('satisfied');
    const below = scoreRating(t, { a: 2, b: 5 }); // (25 + 44.44) / 2 = 34.7
    expect(below.class).toBe('negative');
    expect(below.roundedStars).toBe(2);
  });

  it('classes a paper-exact 37.5 reached with fractional weights as neutral (float noise ignored)', () => {
    // (0.1·0 + 0.1·25 + 0.4·50) / 0.6 = 37.5 on paper; in floating point 37.49999999999999.
    const t: ScoringTemplate = {
      weighting: true,
      dimensions: [
        dim('a', 'star5', { weight: 0.1 }),
        dim('b', 'star5', { weight: 0.1 }),
        dim('c', 'star5', { weight: 0.4 }),
      ],
    };
    const r = scoreRating(t, { a: 1, b: 2, c: 3 });
    expect(r.score).toBeLessThan(37.5);
    expect(r.score).toBeCloseTo(37.5, 10);
    expect(r.roundedStars).toBe(3);
    expect(r.class).toBe('neutral');
    expect(classify(62.5 - 1e-12)).toBe('satisfied');
  });
});

describe('weightPercentages', () => {
  it('shares of the raw weights, scored dimensions only', () => {
    const w = weightPercentages(manualTemplate([3, 4, 2, 1]));
    expect(w.total).toBe(10);
    expect(w.dimensions.map((d) => [d.key, d.weight])).toEqual([
      ['speed', 3],
      ['technical', 4],
      ['attitude', 2],
      ['resolved', 1],
    ]);
    expect(w.dimensions.map((d) => d.percent)).toEqual([30, 40, 20, 10]);
  });

  it('weighting off: equal shares', () => {
    const w = weightPercentages({ ...manualTemplate(), weighting: false });
    expect(w.total).toBe(4);
    expect(w.dimensions.every((d) => d.percent === 25)).toBe(true);
  });

  it('all zero: percent null', () => {
    const w = weightPercentages(manualTemplate([0, 0, 0, 0]));
    expect(w.total).toBe(0);
    expect(w.dimensions.every((d) => d.percent === null)).toBe(true);
  });
});
