import { describe, expect, it } from 'vitest';
import { isHttpUrl, type OrganisationProfile, timeZoneOptions, toPatch, toValues, utcOffset } from './organisationApi';

const saved: OrganisationProfile = {
  companyName: '安居家电售后服务',
  logoUrl: null,
  timeZone: 'Asia/Shanghai',
  defaultLanguage: 'zh-CN',
  requireSignInToRate: false,
};

describe('toPatch', () => {
  it('is empty when nothing changed, also after a round trip through the form', () => {
    expect(toPatch(saved, toValues(saved))).toEqual({});
    expect(toPatch(saved, { ...toValues(saved), companyName: '  安居家电售后服务 ', logoUrl: '  ' })).toEqual({});
  });

  it('sends only the changed fields, trimmed, an emptied logo as null', () => {
    expect(toPatch(saved, { ...toValues(saved), companyName: ' Anju Service ', requireSignInToRate: true })).toEqual({
      companyName: 'Anju Service',
      requireSignInToRate: true,
    });
    expect(toPatch({ ...saved, logoUrl: 'https://a.example/logo.png' }, { logoUrl: '' })).toEqual({ logoUrl: null });
    expect(toPatch(saved, { logoUrl: ' https://a.example/l.png ' })).toEqual({ logoUrl: 'https://a.example/l.png' });
    expect(toPatch(saved, { timeZone: 'Europe/Berlin', defaultLanguage: 'en' })).toEqual({
      timeZone: 'Europe/Berlin',
      defaultLanguage: 'en',
    });
  });
});

describe('isHttpUrl', () => {
  it('accepts absolute http and https addresses only, as the server does', () => {
    expect(isHttpUrl('https://cdn.example.com/logo.png')).toBe(true);
    expect(isHttpUrl('http://intranet.example/logo.svg')).toBe(true);
    for (const bad of ['', 'logo.png', '/static/logo.png', 'javascript:alert(1)', 'ftp://a.example/x', 'https://'])
      expect(isHttpUrl(bad), bad).toBe(false);
  });
});

describe('timeZoneOptions', () => {
  it('lists the IANA zones with their offset and keeps a saved zone the browser does not list', () => {
    const options = timeZoneOptions('Asia/Calcutta', new Date('2026-01-15T00:00:00Z'));
    const values = options.map((o) => o.value);
    expect(values).toContain('Asia/Shanghai');
    expect(values).toContain('Asia/Calcutta');
    expect(values).toContain('UTC');
    expect(new Set(values).size).toBe(values.length);
    expect(options.find((o) => o.value === 'Asia/Shanghai')?.label).toBe('Asia/Shanghai (UTC+08:00)');
  });

  it('labels offsets as the zone has them at the time (daylight saving)', () => {
    expect(utcOffset('Europe/Berlin', new Date('2026-01-15T12:00:00Z'))).toBe('UTC+01:00');
    expect(utcOffset('Europe/Berlin', new Date('2026-07-15T12:00:00Z'))).toBe('UTC+02:00');
    expect(utcOffset('UTC', new Date())).toBe('UTC+00:00');
    expect(utcOffset('Mars/Olympus', new Date())).toBe('');
  });
});
