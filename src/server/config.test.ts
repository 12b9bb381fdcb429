import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const cfg = loadConfig({});
    expect(cfg).toMatchObject({
      PORT: 3000,
      HOST: '0.0.0.0',
      DATA_DIR: './data',
      NODE_ENV: 'development',
      RUN_WORKERS: true,
    });
    expect(cfg.DATABASE_URL).toBeUndefined();
    expect(cfg.publicBaseUrl).toBe('http://localhost:3000');
    expect(cfg.cookieSecure).toBe(false);
  });

  it('treats empty values as unset and derives secure cookies from an https base URL', () => {
    const cfg = loadConfig({ DATABASE_URL: '', PUBLIC_BASE_URL: 'https://rate.example.com/' });
    expect(cfg.DATABASE_URL).toBeUndefined();
    expect(cfg.publicBaseUrl).toBe('https://rate.example.com');
    expect(cfg.cookieSecure).toBe(true);
  });

  it('names every bad variable', () => {
    expect(() => loadConfig({ PORT: '70000', RUN_WORKERS: 'maybe' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: '70000', RUN_WORKERS: 'maybe' });
    } catch (err) {
      expect((err as Error).message).toMatch(/PORT/);
      expect((err as Error).message).toMatch(/RUN_WORKERS/);
    }
  });
});
