/**
 * Breaks a chart label into lines of at most `width` columns (a CJK character counts two), between words where it
 * has spaces and anywhere in CJK text; a single word longer than a line is broken too. ECharts' radar axis names do
 * not wrap by themselves (`width` and `overflow: 'break'` are ignored there), so on a phone "Technical ability" ran
 * off the card's edge.
 */
export function wrapLabel(label: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  let used = 0;
  const flush = () => {
    if (line.trim()) lines.push(line.trim());
    line = '';
    used = 0;
  };
  // Words with their following spaces, or single wide characters (which may end a line anywhere).
  for (const token of label.match(/[\u2E80-\uFFEF]|[^\s\u2E80-\uFFEF]+\s*|\s+/g) ?? []) {
    const cost = columns(token.trimEnd());
    if (used > 0 && used + cost > width) flush();
    if (cost > width) {
      // A word longer than a line: cut it into line-sized pieces.
      for (const ch of token.trimEnd()) {
        if (used + columns(ch) > width) flush();
        line += ch;
        used += columns(ch);
      }
      line += token.slice(token.trimEnd().length);
      used += token.length - token.trimEnd().length;
      continue;
    }
    line += token;
    used += columns(token);
  }
  flush();
  return lines.join('\n');
}

const columns = (text: string) => {
  let n = 0;
  for (const ch of text) n += /[\u2E80-\uFFEF]/.test(ch) ? 2 : 1;
  return n;
};
