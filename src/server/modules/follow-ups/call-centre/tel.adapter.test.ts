import { describe, expect, it } from 'vitest';
import { CallCentreError, toE164 } from './adapter.js';
import { createTelAdapter } from './tel.adapter.js';

const start = (callee: string) => createTelAdapter().startCall({ seat: null, callee, taskId: 'task-1' });

describe('tel adapter', () => {
  it('links E.164 and mainland mobile numbers, spaces and dashes stripped', async () => {
    expect(await start('+86 138-0013-8000')).toEqual({ kind: 'link', href: 'tel:+8613800138000' });
    expect(await start('13800138000')).toEqual({ kind: 'link', href: 'tel:+8613800138000' });
    expect(await start('0086 138 0013 8000')).toEqual({ kind: 'link', href: 'tel:+8613800138000' });
    expect(await start('+1 (415) 555-0100')).toEqual({ kind: 'link', href: 'tel:+14155550100' });
    expect(await start(' +44 20 7946 0958 ')).toEqual({ kind: 'link', href: 'tel:+442079460958' });
  });

  it.each([
    '',
    'abc',
    '12345',
    '+0123456789', // no country code starts with 0
    '23800138000', // not a mainland mobile, no +
    '+86 010 1234 5678', // a +86 landline: mobiles only
    '+8612800138000', // 12x is not a mobile prefix
    '+1234567890123456', // longer than E.164's 15 digits
    'tel:+8613800138000',
  ])('refuses %j as invalid_number', async (raw) => {
    const refused = await start(raw).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CallCentreError);
    expect((refused as CallCentreError).code).toBe('invalid_number');
  });

  it('toE164 is the one normalisation both adapters use', () => {
    expect(toE164('138 0013 8000')).toBe('+8613800138000');
    expect(toE164('008613800138000')).toBe('+8613800138000');
    expect(toE164('0014155550100')).toBe('+14155550100');
    expect(toE164('010-12345678')).toBeNull();
  });
});
