import type { FieldErrorCode, FieldErrorParams } from '../../../common/error-codes.js';
import { type FieldError, issue } from '../../http/problem.js';
import type { FieldDefinition } from '../workflows/workflows.schemas.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isValidDate = (v: string) => DATE.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`));

/**
 * Checks custom field values against the service type's definitions: unknown keys, required ones, types and select
 * options. Paths are `custom.<key>` (the same names rating-rule conditions use). Returns the values to store
 * (null/undefined removed).
 */
export function validateCustomFields(
  values: Record<string, unknown>,
  definitions: FieldDefinition[],
): { custom: Record<string, unknown>; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const custom: Record<string, unknown> = {};
  const byKey = new Map(definitions.map((d) => [d.key, d]));
  for (const [key, value] of Object.entries(values)) {
    if (value === null || value === undefined) continue;
    const def = byKey.get(key);
    const path = `custom.${key}`;
    if (!def) {
      errors.push(issue(path, 'unknown_field', 'is not a custom field of this service type'));
      continue;
    }
    const bad = (code: FieldErrorCode, message: string, params?: FieldErrorParams) =>
      errors.push(issue(path, code, message, params));
    if (def.type === 'text') {
      if (typeof value !== 'string') bad('invalid_type', 'must be text', { expected: 'string' });
      else if (value.length > 2000) bad('too_long', 'must be at most 2000 characters', { max: 2000 });
      else if (def.required && value.trim() === '') bad('required', 'is required');
    } else if (def.type === 'number') {
      if (typeof value !== 'number' || !Number.isFinite(value))
        bad('invalid_type', 'must be a number', { expected: 'number' });
    } else if (def.type === 'boolean') {
      if (typeof value !== 'boolean') bad('invalid_type', 'must be true or false', { expected: 'boolean' });
    } else if (def.type === 'date') {
      if (typeof value !== 'string' || !isValidDate(value)) bad('invalid_date', 'must be a date (YYYY-MM-DD)');
    } else if (def.type === 'select') {
      const keys = (def.options ?? []).map((o) => o.key);
      if (typeof value !== 'string' || !keys.includes(value))
        bad('invalid_choice', `must be one of ${keys.join(', ')}`, { values: keys.join(', ') });
    }
    custom[key] = value;
  }
  for (const def of definitions) {
    if (def.required && (values[def.key] === undefined || values[def.key] === null))
      errors.push(issue(`custom.${def.key}`, 'required', 'is required'));
  }
  return { custom, errors };
}

/** Reads a CSV cell into the field's type (the CSV import); invalid text is passed on for validation to name. */
export function customFromText(text: string, def: FieldDefinition | undefined): unknown {
  if (text === '') return undefined;
  if (!def) return text;
  if (def.type === 'number') return Number.isFinite(Number(text)) ? Number(text) : text;
  if (def.type === 'boolean') {
    const t = text.toLowerCase();
    if (['true', '1', 'yes'].includes(t)) return true;
    if (['false', '0', 'no'].includes(t)) return false;
  }
  return text;
}
