import { randomUUID } from 'node:crypto';
import type { Dimension } from '../../src/common/scoring/index.js';
import type { Db } from '../../src/server/db/client.js';
import { SYSTEM_ACTOR } from '../../src/server/http/principal.js';
import { createDepartment } from '../../src/server/modules/org/departments.service.js';
import { createEmployee, type EmployeeInput } from '../../src/server/modules/org/employees.service.js';
import type { CreateDepartmentInput, CreateServiceTypeInput } from '../../src/server/modules/org/org.schemas.js';
import { createServiceType } from '../../src/server/modules/org/service-types.service.js';
import type { CreateRuleInput } from '../../src/server/modules/rules/rules.schemas.js';
import { createRule } from '../../src/server/modules/rules/rules.service.js';
import { createTemplate } from '../../src/server/modules/templates/templates.service.js';
import { publishDraft } from '../../src/server/modules/templates/versions.service.js';

export const TEST_PASSWORD = 'correct horse battery';

const uniq = () => randomUUID().slice(0, 8);

/** An employee with overrides; defaults are unique so tests never collide. */
export async function employeeFactory(db: Db, overrides: Partial<EmployeeInput> = {}) {
  const { employee } = await createEmployee(db, SYSTEM_ACTOR, {
    employeeNo: `E-${uniq()}`,
    name: `Employee ${uniq()}`,
    roles: ['engineer'],
    ...overrides,
  });
  return employee;
}

/** An employee with a console login whose password is TEST_PASSWORD (already changed unless asked otherwise). */
export async function createLoginEmployee(
  db: Db,
  opts: { roles: string[]; mustChangePassword?: boolean; overrides?: Partial<EmployeeInput> },
) {
  const username = `user_${uniq()}`;
  const { employee } = await createEmployee(db, SYSTEM_ACTOR, {
    employeeNo: `E-${uniq()}`,
    name: `User ${username}`,
    ...opts.overrides,
    roles: opts.roles,
    login: { username, password: TEST_PASSWORD, mustChangePassword: opts.mustChangePassword ?? false },
  });
  return { employee, username };
}

/** A department with overrides (a root `department` with a unique name and code unless told otherwise). */
export async function departmentFactory(db: Db, overrides: Partial<CreateDepartmentInput> = {}) {
  const id = uniq();
  return createDepartment(db, SYSTEM_ACTOR, {
    name: `Department ${id}`,
    code: `D-${id}`,
    kind: 'department',
    ...overrides,
  });
}

/** A service type with overrides (unique name and code). */
export async function serviceTypeFactory(db: Db, overrides: Partial<CreateServiceTypeInput> = {}) {
  const id = uniq();
  return createServiceType(db, SYSTEM_ACTOR, { name: `Service ${id}`, code: `svc-${id}`, ...overrides });
}

/** A published rating template (version 1) with two star questions unless `dimensions` is given. */
export async function templateFactory(
  db: Db,
  overrides: {
    name?: string;
    weighting?: boolean;
    dimensions?: Dimension[];
    serviceTypeIds?: string[];
    publish?: boolean;
  } = {},
) {
  const template = await createTemplate(db, SYSTEM_ACTOR, {
    name: overrides.name ?? `Template ${uniq()}`,
    serviceTypeIds: overrides.serviceTypeIds ?? [],
    recordTypes: [],
    draft: {
      layout: 'vertical',
      weighting: overrides.weighting ?? false,
      dimensions: overrides.dimensions ?? [
        { key: 'speed', type: 'star5', required: true, weight: 1, label: { 'zh-CN': '速度', en: 'Speed' } },
        { key: 'quality', type: 'star5', required: true, weight: 1, label: { 'zh-CN': '质量', en: 'Quality' } },
      ],
    },
  });
  const version = overrides.publish === false ? null : await publishDraft(db, SYSTEM_ACTOR, template.id);
  return { ...template, publishedVersionId: version?.id ?? null };
}

/** A rating rule using `templateId`; matches every work order unless `conditions` is given. */
export async function ruleFactory(db: Db, templateId: string, overrides: Partial<CreateRuleInput> = {}) {
  return createRule(db, SYSTEM_ACTOR, {
    name: `Rule ${uniq()}`,
    enabled: true,
    conditions: { combinator: 'and', rules: [] },
    templateId,
    channels: ['sms'],
    deliveryPolicy: 'priority_chain',
    mandatory: false,
    timeoutHours: null,
    submissionLimit: 1,
    linkExpiryDays: 14,
    ...overrides,
  });
}

/** A work order (status `new` unless told otherwise) on a new service type unless `serviceTypeId` is given. */
export async function workOrderFactory(
  ctx: import('../../src/server/context.js').AppContext,
  overrides: Partial<import('../../src/server/modules/work-orders/work-orders.schemas.js').CreateWorkOrderInput> = {},
) {
  const { upsertWorkOrder } = await import('../../src/server/modules/work-orders/work-orders.service.js');
  const serviceTypeId = overrides.serviceTypeId ?? (await serviceTypeFactory(ctx.db)).id;
  const { row } = await upsertWorkOrder(ctx, SYSTEM_ACTOR, {
    subject: `Work order ${uniq()}`,
    customer: { name: '张三', phone: '13800000000', locale: 'zh-CN' },
    ...overrides,
    serviceTypeId,
  });
  return row;
}
