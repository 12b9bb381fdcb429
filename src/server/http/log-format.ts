/**
 * Human-readable log lines for development (pino-pretty is not a dependency): pino writes JSON lines, this turns
 * each into `12:04:05 INFO  message  key=value …`, with an error's stack below it. Production keeps pino's JSON.
 */

const LEVELS: Record<number, { name: string; color: number }> = {
  10: { name: 'TRACE', color: 90 },
  20: { name: 'DEBUG', color: 36 },
  30: { name: 'INFO', color: 32 },
  40: { name: 'WARN', color: 33 },
  50: { name: 'ERROR', color: 31 },
  60: { name: 'FATAL', color: 35 },
};
/** pino's own fields, and the request id Fastify adds to every request's lines: noise on a developer's screen. */
const HIDDEN = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'reqId', 'err', 'error']);

const paint = (color: boolean, code: number, text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);

function clock(time: unknown): string {
  const d = typeof time === 'number' ? new Date(time) : new Date();
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

function valueText(value: unknown): string {
  if (typeof value === 'string') return /[\s"=]/.test(value) || value === '' ? JSON.stringify(value) : value;
  return JSON.stringify(value) ?? String(value);
}

/** One pino JSON line → one readable line (plus an error's stack). A line that is not pino's JSON passes as is. */
export function formatLogLine(line: string, opts: { color: boolean }): string {
  let entry: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(line);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return line.endsWith('\n') ? line : `${line}\n`;
    entry = parsed as Record<string, unknown>;
  } catch {
    return line.endsWith('\n') ? line : `${line}\n`;
  }
  const level = LEVELS[Number(entry.level)] ?? { name: String(entry.level ?? 'LOG').toUpperCase(), color: 0 };
  const extras = Object.entries(entry)
    .filter(([key, value]) => !HIDDEN.has(key) && value !== undefined)
    .map(([key, value]) => `${key}=${valueText(value)}`);
  const head = [
    paint(opts.color, 90, clock(entry.time)),
    paint(opts.color, level.color, level.name.padEnd(5)),
    typeof entry.msg === 'string' ? entry.msg : '',
  ].join(' ');
  let out = extras.length ? `${head}  ${paint(opts.color, 90, extras.join(' '))}` : head;
  const err = (entry.err ?? entry.error) as { stack?: unknown; message?: unknown } | undefined;
  if (err && typeof err === 'object') {
    const text = typeof err.stack === 'string' ? err.stack : typeof err.message === 'string' ? err.message : '';
    if (text) out += `\n${text.replace(/^/gm, '    ')}`;
  }
  return `${out}\n`;
}

/** A pino destination that writes readable lines to `out` (the terminal). */
export function readableLogStream(out: NodeJS.WritableStream, opts: { color: boolean }): { write(line: string): void } {
  return {
    write(chunk: string) {
      // pino writes one JSON document per line; a chunk may carry several.
      for (const line of chunk.split('\n')) if (line.trim()) out.write(formatLogLine(line, opts));
    },
  };
}
