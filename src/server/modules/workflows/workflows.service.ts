import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db, DbOrTx } from '../../db/client.js';
import { serviceTypeWorkflows } from '../../db/schema/workflows.js';
import type { Actor } from '../../http/principal.js';
import { type FieldError, fieldErrors, issue, notFound } from '../../http/problem.js';
import { recordAudit } from '../audit/audit.service.js';
import { employeeExists } from '../org/employees.service.js';
import { serviceTypeExists } from '../org/service-types.service.js';
import { templateForUse } from '../templates/versions.service.js';
import {
  DEFAULT_WORKFLOW,
  type KeyedWorkflow,
  type WorkflowConfig,
  type WorkflowView,
  withKeys,
  workflowSchema,
} from './workflows.schemas.js';

export type WorkflowInput = z.input<typeof workflowSchema>;

async function requireServiceType(db: DbOrTx, id: string) {
  if (!(await serviceTypeExists(db, id))) throw notFound('Service type', id);
}

/** The workflow of a service type (the default one when none is configured), every node with its key. */
export async function getWorkflowConfig(db: DbOrTx, serviceTypeId: string): Promise<KeyedWorkflow> {
  const [row] = await db
    .select()
    .from(serviceTypeWorkflows)
    .where(eq(serviceTypeWorkflows.serviceTypeId, serviceTypeId));
  // Parsing fills defaults added to the schema after the row was written (a node's stage: `completed`).
  return row
    ? withKeys(workflowSchema.parse({ nodes: row.nodes, fieldDefinitions: row.fieldDefinitions }))
    : DEFAULT_WORKFLOW;
}

export async function getWorkflow(db: DbOrTx, serviceTypeId: string): Promise<WorkflowView> {
  await requireServiceType(db, serviceTypeId);
  const [row] = await db
    .select()
    .from(serviceTypeWorkflows)
    .where(eq(serviceTypeWorkflows.serviceTypeId, serviceTypeId));
  const config = await getWorkflowConfig(db, serviceTypeId);
  return { serviceTypeId, ...config, isDefault: !row, updatedAt: row?.updatedAt.toISOString() ?? null };
}

/** Rules zod cannot express: keys unique, qr needs a usable template, select fields need options. */
async function validateWorkflow(db: DbOrTx, config: WorkflowConfig): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  for (const [i, node] of config.nodes.entries()) {
    if (node.key && seen.has(node.key))
      errors.push(issue(`nodes.${i}.key`, 'duplicate', 'is used twice', { key: node.key }));
    if (node.key) seen.add(node.key);
    if (node.type === 'rating' && node.mode === 'qr') {
      if (!node.templateId) errors.push(issue(`nodes.${i}.templateId`, 'required', 'is required in qr mode'));
      else {
        const t = await templateForUse(db, node.templateId);
        if (!t) errors.push(issue(`nodes.${i}.templateId`, 'not_found', 'no such template'));
        else if (t.status !== 'active' || !t.publishedVersionId)
          errors.push(
            issue(
              `nodes.${i}.templateId`,
              t.status !== 'active' ? 'template_archived' : 'template_unpublished',
              'the template has no published version or is archived',
            ),
          );
      }
    }
    if (node.type === 'follow_up' && node.standard?.agentId) {
      if (!(await employeeExists(db, node.standard.agentId)))
        errors.push(issue(`nodes.${i}.standard.agentId`, 'not_found', 'no such employee'));
    }
  }
  const keys = new Set<string>();
  for (const [i, f] of config.fieldDefinitions.entries()) {
    if (keys.has(f.key)) errors.push(issue(`fieldDefinitions.${i}.key`, 'duplicate', 'is used twice'));
    keys.add(f.key);
    if (f.type === 'select' && !f.options?.length)
      errors.push(issue(`fieldDefinitions.${i}.options`, 'too_few', 'a select field needs options', { min: 1 }));
  }
  return errors;
}

/**
 * Replaces a service type's workflow (audited). Running nodes keep the snapshot they started with; nodes without a
 * key get one (`withKeys`), so every stored node is named.
 */
export async function putWorkflow(db: Db, actor: Actor, serviceTypeId: string, raw: WorkflowInput) {
  const input = workflowSchema.parse(raw);
  return db.transaction(async (tx) => {
    const before = await getWorkflow(tx, serviceTypeId);
    const errors = await validateWorkflow(tx, input);
    if (errors.length) throw fieldErrors(errors);
    const values = { nodes: withKeys(input).nodes, fieldDefinitions: input.fieldDefinitions, updatedAt: new Date() };
    await tx
      .insert(serviceTypeWorkflows)
      .values({ serviceTypeId, ...values })
      .onConflictDoUpdate({ target: serviceTypeWorkflows.serviceTypeId, set: values });
    const after = await getWorkflow(tx, serviceTypeId);
    await recordAudit(tx, actor, {
      action: 'workflow.updated',
      entityType: 'service_type',
      entityId: serviceTypeId,
      before,
      after,
    });
    return after;
  });
}

/**
 * The service types whose workflow's rating node names its own channels (rule mode without channels leaves them to
 * the rules), for the console's missing-channel warning.
 */
export async function workflowRatingChannels(db: DbOrTx): Promise<{ serviceTypeId: string; channels: string[] }[]> {
  const rows = await db.select().from(serviceTypeWorkflows);
  const out: { serviceTypeId: string; channels: string[] }[] = [];
  for (const row of rows) {
    const parsed = workflowSchema.safeParse({ nodes: row.nodes, fieldDefinitions: row.fieldDefinitions });
    if (!parsed.success) continue;
    for (const node of parsed.data.nodes)
      if (node.type === 'rating' && node.channels?.length)
        out.push({ serviceTypeId: row.serviceTypeId, channels: [...node.channels] });
  }
  return out;
}
