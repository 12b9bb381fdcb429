/**
 * Words that never become keywords. English: function words, pronouns, auxiliaries and fillers (lower case; a word
 * with an apostrophe is listed as written, `don't`). Chinese: particles, pronouns, adverbs of degree, conjunctions and
 * measure words as jieba returns them. Single Han characters and single Latin letters are dropped anyway.
 */
export const EN_STOP_WORDS: ReadonlySet<string> = new Set(
  `a about above after again against all am an and any are aren't as at be because been before being below between
  both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during each few for from
  further get got had hadn't has hasn't have haven't having he he'd he'll he's her here here's hers herself him
  himself his how how's i i'd i'll i'm i've if in into is isn't it it's its itself just let's me more most much
  mustn't my myself no nor not now of off on once only or other ought our ours ourselves out over own really same
  shan't she she'd she'll she's should shouldn't so some such than that that's the their theirs them themselves then
  there there's these they they'd they'll they're they've this those through to too under until up upon us very was
  wasn't we we'd we'll we're we've were weren't what what's when when's where where's which while who who's whom why
  why's will with won't would wouldn't you you'd you'll you're you've your yours yourself yourselves also even ever
  still yet well ok okay oh yes thanks thank please would via per etc`.split(/\s+/),
);

export const ZH_STOP_WORDS: ReadonlySet<string> = new Set(
  `的 了 是 很 也 都 就 我 你 他 她 它 们 我们 你们 他们 她们 这 那 这个 那个 这些 那些 这样 那样 这么 那么 在 有 和 与 及
  或 或者 而 而且 但 但是 可是 因为 所以 如果 虽然 然后 还 还是 又 再 才 吧 吗 呢 啊 呀 哦 嗯 哈 啦 嘛 着 过 得 地 把 被 给
  让 对 对于 从 向 到 为 为了 以 以及 之 其 等 个 一个 一些 一下 一直 一样 一点 有点 非常 特别 比较 挺 太 真 真的 好像 可以 能
  会 要 想 说 觉得 感觉 已经 没 没有 不 不是 什么 怎么 怎么样 为什么 哪 哪里 谁 自己 大家 您 咱们 今天 昨天 时候 现在 这次
  上次 一次 下次 还有 就是 只是 而已 之后 之前 以后 以前 然后 另外 总之 反正 其实 确实 当然 比如 如此 这里 那里`.split(
    /\s+/,
  ),
);
