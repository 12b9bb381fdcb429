import { z } from 'zod';
import { FIELD_ERROR_CODES, PROBLEM_TYPES } from '../../common/error-codes.js';
import { problemType } from './problem.js';

/**
 * The problem document every error answers with, as OpenAPI components (`#/components/schemas/Problem`): the type
 * URIs and field error codes are listed from src/common/error-codes.ts, so the documentation cannot drift from what
 * the server emits.
 */
export const PROBLEM_COMPONENTS = {
  FieldError: {
    type: 'object' as const,
    required: ['path', 'message', 'code'],
    properties: {
      path: {
        type: 'string' as const,
        description: 'The field, dotted (`login.username`, `query.cursor`, `nodes.0.type`).',
      },
      message: { type: 'string' as const, description: 'English, for people reading logs; translate `code` instead.' },
      code: { type: 'string' as const, enum: [...FIELD_ERROR_CODES], description: 'Stable code of what is wrong.' },
      params: {
        type: 'object' as const,
        additionalProperties: { oneOf: [{ type: 'string' as const }, { type: 'number' as const }] },
        description: 'Values for the code’s message, e.g. `{ "max": 200 }` for `too_long`.',
      },
    },
  },
  Problem: {
    type: 'object' as const,
    description: 'RFC 9457 problem document (`application/problem+json`).',
    required: ['type', 'title', 'status', 'detail'],
    properties: {
      type: {
        type: 'string' as const,
        enum: PROBLEM_TYPES.map(problemType),
        description: 'Stable URI per kind of problem; its last segment is the slug clients translate.',
      },
      title: { type: 'string' as const },
      status: { type: 'integer' as const },
      detail: { type: 'string' as const, description: 'English explanation of this occurrence.' },
      errors: { type: 'array' as const, items: { $ref: '#/components/schemas/FieldError' } },
    },
  },
};

/** A field error as a zod schema, for responses that carry field errors outside a problem (bulk results, imports). */
export const fieldErrorSchema = z.object({
  path: z.string(),
  message: z.string().describe('English, for integrators; translate `code`.'),
  code: z.enum(FIELD_ERROR_CODES),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
