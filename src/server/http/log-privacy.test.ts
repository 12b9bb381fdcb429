import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { CONTACT_LOG_PATHS, redactUrl, serializeRequest } from './log-privacy.js';

describe('log privacy', () => {
  it('keeps the path and the safe query values, not the others', () => {
    expect(redactUrl('/api/v1/work-orders?q=13800000000&limit=20&status=completed')).toBe(
      '/api/v1/work-orders?q=~&limit=20&status=completed',
    );
    expect(redactUrl('/api/v1/work-orders?customerEmail=li%40example.com&flag')).toBe(
      '/api/v1/work-orders?customerEmail=~&flag',
    );
    expect(redactUrl('/c/?lang=en')).toBe('/c/?lang=en');
    expect(redactUrl('/api/v1/health')).toBe('/api/v1/health');
    expect(serializeRequest({ method: 'GET', url: '/x?q=王芳', ip: '10.0.0.1' })).toEqual({
      method: 'GET',
      url: '/x?q=~',
      remoteAddress: '10.0.0.1',
      remotePort: undefined,
    });
  });

  it('censors contact fields of logged objects, at the top and one level down', () => {
    const lines: string[] = [];
    const log = pino(
      { redact: { paths: CONTACT_LOG_PATHS, censor: '~' } },
      { write: (line: string) => lines.push(line) },
    );
    log.warn({ to: 'li@example.com', result: { phone: '+8613800000000', code: 'x' }, codeId: 'c1' }, 'not sent');
    const line = JSON.parse(lines[0]!);
    expect(line).toMatchObject({ to: '~', result: { phone: '~', code: 'x' }, codeId: 'c1', msg: 'not sent' });
  });
});
