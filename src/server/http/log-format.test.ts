import { describe, expect, it } from 'vitest';
import { formatLogLine, readableLogStream } from './log-format.js';

const time = new Date(2026, 11, 1, 9, 5, 7).getTime();

describe('formatLogLine', () => {
  it('time, level and message, then the other fields as key=value; pino and request-id noise hidden', () => {
    const line = JSON.stringify({
      level: 30,
      time,
      pid: 1,
      hostname: 'h',
      reqId: 'req-1',
      msg: 'job done',
      job: 'invitations.deliver',
      attempt: 2,
      note: 'two words',
    });
    expect(formatLogLine(line, { color: false })).toBe(
      '09:05:07 INFO  job done  job=invitations.deliver attempt=2 note="two words"\n',
    );
  });

  it('an error: its stack on the following lines, indented', () => {
    const line = JSON.stringify({
      level: 50,
      time,
      msg: 'failed',
      err: { message: 'boom', stack: 'Error: boom\n  at x' },
    });
    expect(formatLogLine(line, { color: false })).toBe('09:05:07 ERROR failed\n    Error: boom\n      at x\n');
  });

  it('colours only when asked; a line that is not pino JSON passes unchanged', () => {
    expect(formatLogLine(JSON.stringify({ level: 40, time, msg: 'careful' }), { color: true })).toContain(
      '\u001b[33mWARN \u001b[0m',
    );
    expect(formatLogLine('plain text', { color: false })).toBe('plain text\n');
  });

  it('the stream splits a chunk of several lines', () => {
    const written: string[] = [];
    const stream = readableLogStream({ write: (s: string) => written.push(s) } as unknown as NodeJS.WritableStream, {
      color: false,
    });
    stream.write(
      `${JSON.stringify({ level: 20, time, msg: 'GET / → 200 (1 ms)' })}\n${JSON.stringify({ level: 30, time, msg: 'b' })}\n`,
    );
    expect(written).toEqual(['09:05:07 DEBUG GET / → 200 (1 ms)\n', '09:05:07 INFO  b\n']);
  });
});
