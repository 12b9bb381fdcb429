import { describe, expect, it } from 'vitest';
import { type DepartmentLookup, parseCsvRecords, readHeader, validateRecord } from './employee-csv.js';

const lines = (text: string) => {
  const parsed = parseCsvRecords(text);
  if ('error' in parsed) throw new Error(parsed.error.message);
  return parsed.records.map((r) => [r.line, r.fields[0]]);
};

describe('parseCsvRecords', () => {
  it('gives each record the line it starts on, whatever the line endings, blank lines and quoted breaks', () => {
    expect(lines('a\nb\n\nc')).toEqual([
      [1, 'a'],
      [2, 'b'],
      [4, 'c'],
    ]);
    expect(lines('\uFEFFa\r\n"b\r\nb"\r\nc\r\n')).toEqual([
      [1, 'a'],
      [2, 'b\r\nb'],
      [4, 'c'],
    ]);
    expect(lines('a\rb\r\rc')).toEqual([
      [1, 'a'],
      [2, 'b'],
      [4, 'c'],
    ]);
    expect(lines('名字\n"多\n行",x\n尾')).toEqual([
      [1, '名字'],
      [2, '多\n行'],
      [4, '尾'],
    ]);
  });

  it('reports broken quoting as one error', () => {
    const parsed = parseCsvRecords('a,b\n1,"open\n');
    expect('error' in parsed && parsed.error.message).toMatch(/^the file is not valid CSV/);
  });
});

describe('readHeader and validateRecord', () => {
  const departments: DepartmentLookup = {
    byCode: new Map([['EAST', 'd-east']]),
    byName: new Map([
      ['East Region', ['d-east']],
      ['Twin', ['d-1', 'd-2']],
    ]),
  };
  const header = readHeader(['ROLES', 'employeeno', 'Name', 'department', 'phone', 'email', 'active']);
  if ('errors' in header) throw new Error(header.errors[0]?.message);
  const row = (fields: string[]) => validateRecord({ line: 7, fields }, header.columns, departments);

  it('reads a header in any order and case, and names what is wrong with a bad one', () => {
    expect(header.columns).toMatchObject({ roles: 0, employeeNo: 1, name: 2 });
    const bad = readHeader(['employeeNo', 'name', 'name', 'x']);
    expect('errors' in bad && bad.errors).toEqual([
      {
        line: 1,
        field: null,
        message: 'unknown column(s): "x"',
        code: 'unknown_columns',
        params: { columns: '"x"' },
      },
      {
        line: 1,
        field: null,
        message: 'missing column(s): department, phone, email, roles, active',
        code: 'missing_columns',
        params: { columns: 'department, phone, email, roles, active' },
      },
      {
        line: 1,
        field: null,
        message: 'repeated column(s): name (expected employeeNo,name,department,phone,email,roles,active)',
        code: 'repeated_columns',
        params: { columns: 'name' },
      },
    ]);
  });

  it('accepts department code or exact name, both role separators and every spelling of active', () => {
    expect(row(['engineer | Supervisor', 'E1', 'N', 'East Region', '', '', 'YES'])).toEqual({
      row: {
        line: 7,
        employeeNo: 'E1',
        name: 'N',
        departmentId: 'd-east',
        phone: null,
        email: null,
        roles: ['engineer', 'supervisor'],
        active: true,
      },
    });
    expect(row(['', 'E2', 'N', 'EAST', '', '', '0'])).toMatchObject({
      row: { departmentId: 'd-east', roles: [], active: false },
    });
  });

  it('reports every bad field of a row', () => {
    expect(row(['boss', '', '', 'Twin', '12', 'x@', 'perhaps'])).toEqual({
      errors: [
        { line: 7, field: 'employeeNo', message: 'is required', code: 'required' },
        { line: 7, field: 'name', message: 'is required', code: 'required' },
        {
          line: 7,
          field: 'department',
          message: '"Twin" names several departments: use its code',
          code: 'ambiguous_name',
          params: { value: 'Twin' },
        },
        { line: 7, field: 'phone', message: 'is not a valid phone number', code: 'invalid_phone' },
        { line: 7, field: 'email', message: 'is not a valid email address', code: 'invalid_email' },
        {
          line: 7,
          field: 'roles',
          message: 'unknown role "boss"',
          code: 'invalid_choice',
          params: { values: 'admin, supervisor, engineer, follow_up_agent, analyst', value: 'boss' },
        },
        {
          line: 7,
          field: 'active',
          message: 'must be true/false, 1/0 or yes/no',
          code: 'invalid_choice',
          params: { values: 'true, false, 1, 0, yes, no' },
        },
      ],
    });
  });
});
