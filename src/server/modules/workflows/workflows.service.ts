import { eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { employees, serviceTypes } from '../../db/schema/org.js';
import { serviceTypeWorkflows } from '../../db/schema/workflows.js';
import type { Actor } from '../../http/principal.js';
import { type FieldError, fieldErrors, issue, notFound } from '../../http/problem.js';
import { recordAudit } from '../audit/audit.service.js';
import { templateForUse } from '../templates/versions.service.js';
import { DEFAULT_WORKFLOW, type WorkflowConfig, type WorkflowView, workflowSchema } from './workflows.schemas.js';

async function requireServiceType(db: DbOrTx, id: string) {
  const [st] = await db.select({ id: serviceTypes.id }).from(serviceTypes).where(eq(serviceTypes.id, id));
  if (!st) throw notFound('Service type', id);
}

/** The workflow of a service type (the default one when none is configured). */
export async function getWorkflowConfig(db: DbOrTx, serviceTypeId: string): Promise<WorkflowConfig> {
  const [row] = await db
    .select()
    .from(serviceTypeWorkflows)
    .where(eq(serviceTypeWorkflows.serviceTypeId, serviceTypeId));
  // Parsing fills defaults added to the schema after the row was written.
  return row ? workflowSchema.parse({ nodes: row.nodes, fieldDefinitions: row.fieldDefinitions }) : DEFAULT_WORKFLOW;
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

/** Rules zod cannot express: one node per type, qr needs a usable template, select fields need options. */
async function validateWorkflow(db: DbOrTx, config: WorkflowConfig): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  for (const [i, node] of config.nodes.entries()) {
    if (seen.has(node.type))
      errors.push(issue(`nodes.${i}.type`, 'only_one', `only one ${node.type} node is allowed`, { type: node.type }));
    seen.add(node.type);
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
      const [agent] = await db
        .select({ id: employees.id })
        .from(employees)
        .where(eq(employees.id, node.standard.agentId));
      if (!agent) errors.push(issue(`nodes.${i}.standard.agentId`, 'not_found', 'no such employee'));
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

/** Replaces a service type's workflow (audited). Running nodes keep the snapshot they started with. */
export async function putWorkflow(db: Db, actor: Actor, serviceTypeId: string, input: WorkflowConfig) {
  return db.transaction(async (tx) => {
    const before = await getWorkflow(tx, serviceTypeId);
    const errors = await validateWorkflow(tx, input);
    if (errors.length) throw fieldErrors(errors);
    const values = { nodes: input.nodes, fieldDefinitions: input.fieldDefinitions, updatedAt: new Date() };
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
