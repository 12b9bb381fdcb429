/** Deterministic, realistic people for the demo organisation (no randomness: the same demo every time). */
const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '黄',
  '赵',
  '吴',
  '周',
  '徐',
  '孙',
  '马',
  '朱',
  '胡',
  '郭',
  '何',
  '林',
  '罗',
  '高',
];
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '磊',
  '洋',
  '勇',
  '军',
  '杰',
  '涛',
  '明',
  '超',
  '霞',
  '平',
  '刚',
  '桂英',
  '建华',
  '志强',
  '晓东',
  '海燕',
  '文博',
  '思远',
  '子涵',
];

export function demoName(i: number): string {
  return `${SURNAMES[i % SURNAMES.length]}${GIVEN[(i * 7 + Math.floor(i / SURNAMES.length)) % GIVEN.length]}`;
}

export function demoPhone(i: number): string {
  return `+86 138 ${String(1000 + ((i * 37) % 9000)).padStart(4, '0')} ${String(1000 + ((i * 53) % 9000)).padStart(4, '0')}`;
}
