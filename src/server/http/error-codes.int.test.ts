import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../../test/support/app.js';
import { FIELD_ERROR_CODES, PROBLEM_TYPES } from '../../common/error-codes.js';

let t: TestApp;
let admin: TestClient & { employeeId: string };
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.loginAs(['admin']);
});
afterAll(async () => {
  await t?.close();
});

describe('field error codes from zod validation', () => {
  it('gives every schema failure a code and its params, keeping the English message', async () => {
    const res = await admin.post('/api/v1/employees', {
      employeeNo: 'x'.repeat(51),
      phone: 'call me',
      email: 'nope',
      roles: ['emperor'],
    });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.type).toBe('https://rateloop.dev/problems/validation');
    const byPath = Object.fromEntries(
      (body.errors as { path: string; code: string; params?: object; message: string }[]).map((e) => [e.path, e]),
    );
    expect(byPath.employeeNo).toMatchObject({ code: 'too_long', params: { max: 50 }, message: expect.any(String) });
    expect(byPath.name).toMatchObject({ code: 'required' });
    expect(byPath.phone).toMatchObject({ code: 'invalid_phone', message: 'is not a valid phone number' });
    expect(byPath.email).toMatchObject({ code: 'invalid_email' });
    expect(byPath['roles.0']).toMatchObject({
      code: 'invalid_choice',
      params: { values: expect.stringContaining('admin') },
    });
    for (const error of body.errors) expect(FIELD_ERROR_CODES).toContain(error.code);
  });

  it('codes query validation too, and a wrong type that is present is not "required"', async () => {
    const res = await admin.get('/api/v1/employees?limit=0');
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([expect.objectContaining({ path: 'query.limit', code: 'too_small' })]);
    const wrongType = await admin.post('/api/v1/employees', { employeeNo: 1, name: 'X', roles: [] });
    expect(wrongType.json().errors).toEqual([
      expect.objectContaining({ path: 'employeeNo', code: 'invalid_type', params: { expected: 'string' } }),
    ]);
  });

  it('documents the problem document with its types and codes in OpenAPI', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const { Problem, FieldError } = doc.components.schemas;
    expect(Problem.properties.type.enum).toHaveLength(PROBLEM_TYPES.length);
    expect(FieldError.properties.code.enum).toEqual([...FIELD_ERROR_CODES]);
  });
});
