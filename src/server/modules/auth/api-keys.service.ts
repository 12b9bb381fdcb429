import { and, desc, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { permissionsOfScopes } from '../../../common/roles.js';
import type { Db } from '../../db/client.js';
import { apiKeys } from '../../db/schema/auth.js';
import { employees } from '../../db/schema/org.js';
import type { Actor, Principal } from '../../http/principal.js';
import { notFound } from '../../http/problem.js';
import { recordAudit } from '../audit/audit.service.js';
import { randomToken, sha256 } from './crypto.js';

export const API_KEY_PREFIX = 'rlk_';

export async function createApiKey(db: Db, actor: Actor, input: { name: string; scopes: string[] }) {
  const key = `${API_KEY_PREFIX}${randomToken(32)}`;
  const row = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(apiKeys)
      .values({
        name: input.name,
        prefix: key.slice(0, API_KEY_PREFIX.length + 6),
        keyHash: sha256(key),
        scopes: [...new Set(input.scopes)],
        createdBy: actor.type === 'user' ? actor.id : null,
      })
      .returning();
    await recordAudit(tx, actor, {
      action: 'api_key.created',
      entityType: 'api_key',
      entityId: created!.id,
      after: { name: created!.name, scopes: created!.scopes, prefix: created!.prefix },
    });
    return created!;
  });
  return { row, key };
}

export async function listApiKeys(db: Db) {
  return db
    .select({ key: apiKeys, createdByName: employees.name })
    .from(apiKeys)
    .leftJoin(employees, eq(employees.id, apiKeys.createdBy))
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id));
}

export async function revokeApiKey(db: Db, actor: Actor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(apiKeys)
      .set({ revokedAt: sql`coalesce(${apiKeys.revokedAt}, now())` })
      .where(eq(apiKeys.id, id))
      .returning();
    if (!row) throw notFound('API key', id);
    await recordAudit(tx, actor, {
      action: 'api_key.revoked',
      entityType: 'api_key',
      entityId: id,
      before: { name: row.name, scopes: row.scopes },
    });
  });
}

/** The integration behind a bearer key, or null when unknown or revoked. */
export async function resolveApiKey(db: Db, key: string): Promise<Principal | null> {
  if (!key.startsWith(API_KEY_PREFIX)) return null;
  const keyHash = sha256(key);
  const [row] = await db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, keyHash), isNull(apiKeys.revokedAt)))
    .limit(1);
  if (!row) return null;
  // Last use is informative; written at most once a minute per key.
  await db
    .update(apiKeys)
    .set({ lastUsedAt: new Date() })
    .where(
      and(
        eq(apiKeys.id, row.id),
        or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, new Date(Date.now() - 60_000))),
      ),
    );
  return {
    kind: 'api_key',
    apiKeyId: row.id,
    name: row.name,
    scopes: row.scopes,
    permissions: permissionsOfScopes(row.scopes),
  };
}
