import { describe, expect, it } from 'vitest';
import { PERMISSIONS, ROLE_PERMISSIONS, ROLES } from '../../common/roles';
import { type Area, areaPermissions, canAccess } from './access';

describe('canAccess', () => {
  it('lets everyone see home', () => {
    expect(canAccess([], 'home')).toBe(true);
    expect(canAccess(undefined, 'home')).toBe(true);
  });

  it('limits organisation and settings areas by the permissions of the roles', () => {
    expect(canAccess(['supervisor'], 'employees')).toBe(true);
    expect(canAccess(['analyst'], 'departments')).toBe(true);
    expect(canAccess(['supervisor'], 'serviceTypes')).toBe(false);
    expect(canAccess(['engineer'], 'employees')).toBe(false);
    expect(canAccess(['admin'], 'audit')).toBe(true);
    expect(canAccess(['analyst', 'engineer'], 'apiKeys')).toBe(false);
    expect(canAccess(['admin'], 'messageTemplates')).toBe(true);
    expect(canAccess(['supervisor'], 'channels')).toBe(false);
    expect(canAccess(['admin'], 'webhooks')).toBe(true);
    expect(canAccess(['admin'], 'system')).toBe(true);
    expect(canAccess(['supervisor', 'analyst'], 'webhooks')).toBe(false);
    expect(canAccess(['supervisor', 'analyst'], 'system')).toBe(false);
  });

  it('shows the organisation profile to those who read the organisation (editing needs settings.write)', () => {
    for (const role of ['admin', 'supervisor', 'analyst']) expect(canAccess([role], 'organisation')).toBe(true);
    for (const role of ['engineer', 'follow_up_agent']) expect(canAccess([role], 'organisation')).toBe(false);
  });

  it('shows privacy (retention, export and erase) to admins only', () => {
    expect(canAccess(['admin'], 'privacy')).toBe(true);
    for (const role of ['supervisor', 'analyst', 'engineer', 'follow_up_agent'])
      expect(canAccess([role], 'privacy')).toBe(false);
  });

  it('shows rating templates to every role and rules to admins, supervisors and analysts', () => {
    expect(canAccess(['engineer'], 'templates')).toBe(true);
    expect(canAccess(['analyst'], 'rules')).toBe(true);
    expect(canAccess(['follow_up_agent'], 'rules')).toBe(false);
  });

  it('shows work orders and invitations to every role holding work_orders.read', () => {
    for (const role of ROLES) {
      const holds = ROLE_PERMISSIONS[role].includes('work_orders.read');
      expect(canAccess([role], 'workOrders')).toBe(holds);
      expect(canAccess([role], 'invitations')).toBe(holds);
    }
  });

  it('shows cases to the roles working them and SLA settings to those reading SLA policies', () => {
    for (const role of ['admin', 'supervisor', 'follow_up_agent', 'analyst'])
      expect(canAccess([role], 'cases')).toBe(true);
    expect(canAccess(['engineer'], 'cases')).toBe(false);
    expect(canAccess(['supervisor'], 'sla')).toBe(true);
    expect(canAccess(['follow_up_agent'], 'sla')).toBe(false);
  });

  it('adds up several roles and ignores unknown ones', () => {
    expect(canAccess(['engineer', 'analyst'], 'rules')).toBe(true);
    expect(canAccess(['nobody'], 'workOrders')).toBe(false);
  });

  it('names a real permission for every area, and an admin (every permission) opens all of them', () => {
    for (const [area, permission] of Object.entries(areaPermissions)) {
      if (permission !== null) expect(PERMISSIONS).toContain(permission);
      expect(canAccess(['admin'], area as Area)).toBe(true);
    }
  });
});
