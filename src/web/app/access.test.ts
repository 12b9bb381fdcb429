import { describe, expect, it } from 'vitest';
import { canAccess } from './access';

describe('canAccess', () => {
  it('lets everyone see home', () => {
    expect(canAccess([], 'home')).toBe(true);
  });

  it('limits organisation and settings areas by role', () => {
    expect(canAccess(['supervisor'], 'employees')).toBe(true);
    expect(canAccess(['analyst'], 'departments')).toBe(true);
    expect(canAccess(['supervisor'], 'serviceTypes')).toBe(false);
    expect(canAccess(['engineer'], 'employees')).toBe(false);
    expect(canAccess(['admin'], 'audit')).toBe(true);
    expect(canAccess(['analyst', 'engineer'], 'apiKeys')).toBe(false);
  });

  it('shows rating templates to every role and rules to admins, supervisors and analysts', () => {
    expect(canAccess(['engineer'], 'templates')).toBe(true);
    expect(canAccess(['analyst'], 'rules')).toBe(true);
    expect(canAccess(['follow_up_agent'], 'rules')).toBe(false);
  });
});
