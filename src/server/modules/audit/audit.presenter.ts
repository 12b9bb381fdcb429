import { z } from 'zod';
import type { auditEvents } from '../../db/schema/audit.js';

export const auditEventSchema = z.object({
  id: z.string(),
  at: z.string().describe('When it happened (ISO 8601).'),
  actorType: z.enum(['user', 'api_key', 'system']),
  actorId: z.string().nullable().describe('Employee id or API key id.'),
  actorName: z.string().nullable(),
  action: z.string().describe('e.g. `employee.created`, `auth.password_changed`.'),
  entityType: z.string(),
  entityId: z.string().nullable(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  ip: z.string().nullable(),
});

export function presentAuditEvent(row: typeof auditEvents.$inferSelect): z.infer<typeof auditEventSchema> {
  return {
    id: row.id,
    at: row.at.toISOString(),
    actorType: row.actorType,
    actorId: row.actorId,
    actorName: row.actorName,
    action: row.action,
    entityType: row.entityType,
    entityId: row.entityId,
    before: row.before ?? null,
    after: row.after ?? null,
    ip: row.ip,
  };
}
