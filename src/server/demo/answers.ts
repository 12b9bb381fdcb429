/**
 * How demo customers answer: a quality level per rating (0 = awful … 1 = perfect) that improves over the months,
 * is lower for one weak team, and varies per customer — turned into answers the templates accept. Scores are never
 * computed here: the ratings module scores the answers (src/common/scoring).
 */

/** The team (index into DemoOrg.teamIds) whose customers are noticeably less happy. */
export const WEAK_TEAM_INDEX = 3; // 广州维修组

export type Random = () => number;

/** A normal variate (Box–Muller) from a uniform generator. */
function gaussian(random: Random): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/** The region (index into the demo's regions: 西南大区) that starts lower and improves faster than the others. */
export const IMPROVING_REGION_INDEX = 3;

/**
 * The quality level of one rating: `progress` 0 (six months ago) → 1 (now) lifts it by ~0.15 (the trend), and by
 * 0.22 more in the improving region, which starts 0.1 lower; the weak team sits ~0.2 lower; one customer in twelve
 * had a bad day whatever the team.
 */
export function qualityOf(
  random: Random,
  progress: number,
  who: { weakTeam: boolean; improvingRegion: boolean; engineerBias: number },
): number {
  let q = 0.64 + 0.15 * progress + who.engineerBias + 0.16 * gaussian(random);
  if (who.weakTeam) q -= 0.2;
  if (who.improvingRegion) q += -0.1 + 0.22 * progress;
  if (random() < 1 / 12) q -= 0.45;
  return clamp(q, 0, 1);
}

const star = (random: Random, q: number) => clamp(Math.round(1 + 4 * clamp(q + 0.12 * gaussian(random), 0, 1)), 1, 5);

const COMMENTS = {
  'zh-CN': {
    good: [
      '师傅很专业，准时上门，点赞！',
      '服务态度很好，问题一次解决。',
      '速度很快，非常满意。',
      '讲解很耐心，下次还找你们。',
    ],
    mid: ['整体还可以，就是等的时间有点长。', '问题解决了，但没有提前电话联系。', '一般，希望再快一点。'],
    bad: [
      '约好的时间迟到了两个小时，很不满意。',
      '修完第二天又坏了，还得再约。',
      '态度很差，问题没有解决。',
      '客服一直推脱，体验很糟糕。',
    ],
  },
  en: {
    good: [
      'The engineer was on time and very professional.',
      'Fixed on the first visit, thank you!',
      'Quick and friendly service.',
    ],
    mid: ['Fine overall, but I waited a long time.', 'Solved, though nobody called ahead.', 'OK, could be faster.'],
    bad: [
      'Two hours late and no call. Very disappointed.',
      'It broke again the next day.',
      'Rude and the problem is still there.',
    ],
  },
} as const;

/** A comment for about a third of ratings (more often when unhappy), in the customer's language. */
function commentOf(random: Random, q: number, lang: 'zh-CN' | 'en'): string | undefined {
  const kind = q < 0.38 ? 'bad' : q < 0.62 ? 'mid' : 'good';
  if (random() > (kind === 'bad' ? 0.75 : 0.3)) return undefined;
  const list = COMMENTS[lang][kind];
  return list[Math.floor(random() * list.length)];
}

/** Answers to the default home-repair template (src/server/modules/templates/default-template.ts). */
export function homeRepairAnswers(random: Random, q: number, lang: 'zh-CN' | 'en'): Record<string, unknown> {
  const suggestions = commentOf(random, q, lang);
  return {
    response_speed: star(random, q),
    technical_ability: star(random, q),
    attitude: star(random, q + 0.05),
    problem_resolved: random() < clamp(q + 0.25, 0, 0.98),
    would_recommend: q > 0.7 ? 'yes' : q < 0.4 ? 'no' : random() < 0.5 ? 'not_sure' : 'yes',
    ...(suggestions && { suggestions }),
  };
}

/** Answers to the demo's e-commerce template (setup.ts). */
export function ecommerceAnswers(random: Random, q: number, lang: 'zh-CN' | 'en'): Record<string, unknown> {
  const comment = commentOf(random, q, lang);
  return {
    recommend: clamp(Math.round(10 * clamp(q + 0.12 * gaussian(random), 0, 1)), 0, 10),
    speed: star(random, q - 0.03),
    service: star(random, q + 0.03),
    ...(random() < 0.8 && { first_time: random() < clamp(q + 0.2, 0, 0.97) }),
    ...(comment && { comment }),
  };
}
