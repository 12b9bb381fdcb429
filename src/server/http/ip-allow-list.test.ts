import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.js';
import { ipAllowList, isIpAllowList } from './ip-allow-list.js';

describe('IP allow-list (METRICS_ALLOW)', () => {
  it('matches addresses and CIDR ranges of both families, IPv4-mapped IPv6 as IPv4', () => {
    const allowed = ipAllowList(' 127.0.0.1, 10.1.0.0/16 ,fd00::/8,::1');
    expect(allowed('127.0.0.1')).toBe(true);
    expect(allowed('127.0.0.2')).toBe(false);
    expect(allowed('10.1.200.3')).toBe(true);
    expect(allowed('10.2.0.1')).toBe(false);
    expect(allowed('::ffff:10.1.2.3')).toBe(true);
    expect(allowed('fd12:3456::1')).toBe(true);
    expect(allowed('::1')).toBe(true);
    expect(allowed('2001:db8::1')).toBe(false);
    expect(allowed('not-an-ip')).toBe(false);
  });

  it('allows nobody when empty or unset', () => {
    expect(ipAllowList(undefined)('127.0.0.1')).toBe(false);
    expect(ipAllowList('')('127.0.0.1')).toBe(false);
  });

  it('validates the setting', () => {
    expect(isIpAllowList('127.0.0.1,10.0.0.0/8,::1,fd00::/8')).toBe(true);
    for (const bad of ['localhost', '10.0.0.0/33', '10.0.0.0/8/1', 'fd00::/129', '10.0.0.0/x', '1.2.3'])
      expect(isIpAllowList(bad), bad).toBe(false);
    expect(() => loadConfig({ METRICS_ALLOW: '10.0.0.0/8,example.com' })).toThrow(ConfigError);
    expect(() => loadConfig({ METRICS_TOKEN: 'too-short' })).toThrow(/METRICS_TOKEN/);
    expect(loadConfig({ METRICS_TOKEN: 'a-long-enough-token', METRICS_ALLOW: '127.0.0.1' })).toMatchObject({
      METRICS_TOKEN: 'a-long-enough-token',
      METRICS_ALLOW: '127.0.0.1',
    });
  });
});
