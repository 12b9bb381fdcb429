import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scoreRating } from './score';
import { dim, opt } from './test-fixtures';
import type { Answers, AnswerValue, Dimension, ScoringTemplate } from './types';
import { validateAnswers } from './validate';

const RANGES = { star5: [1, 5], score10: [1, 10], nps: [0, 10] } as const;
type NumericType = keyof typeof RANGES;

/** Weights as an admin enters them: 0 (excluded) or a positive number (30, 0.3, …). */
const weightArb = fc.oneof(
  fc.constant(0),
  fc.double({ min: 1e-3, max: 100, noNaN: true }),
  fc.integer({ min: 1, max: 100 }),
);

/** A scored dimension with a random type, weight and (for choices) option scores. */
const dimensionArb = (key: string): fc.Arbitrary<Dimension> =>
  fc.oneof(
    fc
      .record({
        type: fc.constantFrom<NumericType>('star5', 'score10', 'nps'),
        weight: weightArb,
      })
      .map(({ type, weight }) => dim(key, type, { weight })),
    fc
      .record({ inverted: fc.boolean(), weight: weightArb })
      .map(({ inverted, weight }) => dim(key, 'yes_no', { inverted, weight })),
    fc
      .record({
        scores: fc.array(fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }), {
          minLength: 1,
          maxLength: 4,
        }),
        weight: weightArb,
      })
      .map(({ scores, weight }) =>
        dim(key, 'single_choice', { weight, options: scores.map((s, i) => opt(`o${i}`, s)) }),
      ),
  );

const templateArb: fc.Arbitrary<ScoringTemplate> = fc
  .record({ weighting: fc.boolean(), n: fc.integer({ min: 1, max: 6 }) })
  .chain(({ weighting, n }) =>
    fc
      .tuple(...Array.from({ length: n }, (_, i) => dimensionArb(`d${i}`)))
      .map((dimensions) => ({ weighting, dimensions: [...dimensions, dim('note', 'text')] })),
  );

/** A valid answer for a dimension (or undefined = unanswered). */
function answerArb(d: Dimension): fc.Arbitrary<AnswerValue | undefined> {
  const value: fc.Arbitrary<AnswerValue> =
    d.type === 'yes_no'
      ? fc.boolean()
      : d.type === 'single_choice'
        ? fc.constantFrom(...(d.options ?? []).map((o) => o.key))
        : d.type === 'text'
          ? fc.string({ maxLength: 20 })
          : fc.integer({ min: RANGES[d.type as NumericType][0], max: RANGES[d.type as NumericType][1] });
  return fc.option(value, { nil: undefined });
}

const ratedArb = templateArb.chain((template) =>
  fc.tuple(...template.dimensions.map(answerArb)).map((values) => ({
    template,
    answers: Object.fromEntries(template.dimensions.map((d, i) => [d.key, values[i]])) as Answers,
  })),
);

describe('scoring properties', () => {
  it('S is always in [0, 100] (or null) for valid answers, and valid answers validate', () => {
    fc.assert(
      fc.property(ratedArb, ({ template, answers }) => {
        expect(validateAnswers(template, answers).ok).toBe(true);
        const { score, stars, roundedStars } = scoreRating(template, answers);
        if (score === null) return;
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(100);
        expect(stars).toBeGreaterThanOrEqual(1);
        expect(stars).toBeLessThanOrEqual(5);
        expect([1, 2, 3, 4, 5]).toContain(roundedStars);
      }),
    );
  });

  it('scaling all weights by a positive constant leaves S unchanged', () => {
    fc.assert(
      fc.property(ratedArb, fc.double({ min: 1e-3, max: 1e3, noNaN: true }), ({ template, answers }, k) => {
        const scaled = { ...template, dimensions: template.dimensions.map((d) => ({ ...d, weight: d.weight * k })) };
        const a = scoreRating(template, answers).score;
        const b = scoreRating(scaled, answers).score;
        if (a === null) expect(b).toBeNull();
        else expect(Math.abs(a - b!)).toBeLessThan(1e-9);
      }),
    );
  });

  it('raising one answer never lowers S; for an inverted yes/no, switching no → yes never raises it', () => {
    fc.assert(
      fc.property(ratedArb, fc.nat(), ({ template, answers }, pick) => {
        const scored = template.dimensions.filter((d) => d.type !== 'text');
        const d = scored[pick % scored.length]!;
        let lower: AnswerValue;
        let higher: AnswerValue;
        if (d.type === 'yes_no') {
          [lower, higher] = [false, true];
        } else if (d.type === 'single_choice') {
          const scoredOptions = (d.options ?? []).filter((o) => o.score !== undefined);
          if (scoredOptions.length < 2) return;
          const sorted = [...scoredOptions].sort((x, y) => x.score! - y.score!);
          [lower, higher] = [sorted[0]!.key, sorted[sorted.length - 1]!.key];
        } else {
          const [min, max] = RANGES[d.type as NumericType];
          const v = typeof answers[d.key] === 'number' ? (answers[d.key] as number) : min;
          if (v === max) return;
          [lower, higher] = [v, v + 1];
        }
        const sLow = scoreRating(template, { ...answers, [d.key]: lower }).score;
        const sHigh = scoreRating(template, { ...answers, [d.key]: higher }).score;
        if (sLow === null || sHigh === null) return; // weight 0 and nothing else scored
        if (d.type === 'yes_no' && d.inverted) expect(sHigh).toBeLessThanOrEqual(sLow + 1e-9);
        else expect(sHigh).toBeGreaterThanOrEqual(sLow - 1e-9);
      }),
    );
  });

  it('out-of-range or non-integer numeric answers are always rejected, never clamped', () => {
    const bad = fc.oneof(
      fc.integer({ min: -1000, max: 1000 }),
      fc.double({ noNaN: false }),
      fc.constantFrom(Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN, 0.5, 4.999),
    );
    fc.assert(
      fc.property(fc.constantFrom<NumericType>('star5', 'score10', 'nps'), bad, (type, value) => {
        const [min, max] = RANGES[type];
        fc.pre(!(Number.isInteger(value) && value >= min && value <= max));
        const template: ScoringTemplate = { weighting: false, dimensions: [dim('q', type, { required: true })] };
        const result = validateAnswers(template, { q: value });
        expect(result.ok).toBe(false);
        expect(!result.ok && result.errors).toEqual([
          {
            path: 'answers.q',
            message: `must be an integer from ${min} to ${max}`,
            code: 'out_of_range',
            params: { min, max },
          },
        ]);
        expect(() => scoreRating(template, { q: value })).toThrow(RangeError);
      }),
    );
  });
});
