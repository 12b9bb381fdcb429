import { describe, expect, it } from 'vitest';
import { permissionsOfRoles } from '../../../common/roles';
import { visibleActions } from './StatusActions';

const keys = (...args: Parameters<typeof visibleActions>) => visibleActions(...args).map((a) => a.key);

describe('status buttons', () => {
  it('from completed, in_service is "send back for rework", only with the rework permission', () => {
    const allowed = ['in_service', 'closed', 'cancelled'] as const;
    expect(keys('completed', allowed, true)).toEqual(['rework', 'close', 'cancel']);
    expect(keys('completed', allowed, false)).toEqual(['close', 'cancel']);
  });

  it('before completion, in_service is "start service"', () => {
    expect(keys('assigned', ['in_service', 'completed', 'cancelled'], false)).toEqual(['start', 'complete', 'cancel']);
  });

  it('admins and supervisors may send back for rework, engineers may not', () => {
    expect(permissionsOfRoles(['admin']).has('work_orders.rework')).toBe(true);
    expect(permissionsOfRoles(['supervisor']).has('work_orders.rework')).toBe(true);
    expect(permissionsOfRoles(['engineer']).has('work_orders.rework')).toBe(false);
  });
});
