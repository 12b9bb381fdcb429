import { describe, expect, it } from 'vitest';
import { trustProxyOption, windowText } from './app.js';
import { ConfigError, loadConfig } from './config.js';

describe('TRUST_PROXY', () => {
  it('is off by default and takes a hop count or a list of proxy addresses/CIDRs', () => {
    expect(loadConfig({}).TRUST_PROXY).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }).TRUST_PROXY).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '0' }).TRUST_PROXY).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.5, 10.1.0.0/16,::1,loopback' }).TRUST_PROXY).toEqual([
      '10.0.0.5',
      '10.1.0.0/16',
      '::1',
      'loopback',
    ]);
  });

  it('refuses true (any client could choose its address) and anything that is not an address', () => {
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY: true would trust any X-Forwarded-For/);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(ConfigError);
    expect(() => loadConfig({ TRUST_PROXY: 'proxy.internal' })).toThrow(/not: proxy\.internal/);
  });

  it('becomes a trust function for a hop count (Fastify ignores bare numbers)', () => {
    expect(trustProxyOption(false)).toBe(false);
    const fn = trustProxyOption(2) as (address: string, hop: number) => boolean;
    expect([0, 1, 2].map((hop) => fn('10.0.0.1', hop))).toEqual([true, true, false]);
    expect(trustProxyOption(['10.0.0.5'])).toEqual(['10.0.0.5']);
  });
});

describe('windowText (429 messages)', () => {
  it('names the configured window', () => {
    expect(windowText({ timeWindow: '1 minute' })).toBe('minute');
    expect(windowText({ timeWindow: 60_000 })).toBe('minute');
    expect(windowText({ timeWindow: '30 seconds' })).toBe('30 seconds');
    expect(windowText({ timeWindow: '2h' })).toBe('2 hours');
    expect(windowText(undefined)).toBeNull();
  });
});
