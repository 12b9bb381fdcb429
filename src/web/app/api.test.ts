import { describe, expect, it } from 'vitest';
import { buildQuery, problemFieldPath } from './api';

describe('problemFieldPath', () => {
  it('strips a leading body segment and splits nested paths', () => {
    expect(problemFieldPath('employeeNo')).toEqual(['employeeNo']);
    expect(problemFieldPath('body.employeeNo')).toEqual(['employeeNo']);
    expect(problemFieldPath('body.login.username')).toEqual(['login', 'username']);
    expect(problemFieldPath('/body/roles/1')).toEqual(['roles', 1]);
  });
});

describe('buildQuery', () => {
  it('skips empty values', () => {
    expect(buildQuery({ q: '', limit: 20, active: false, role: undefined })).toBe('?limit=20&active=false');
    expect(buildQuery({})).toBe('');
  });
});
