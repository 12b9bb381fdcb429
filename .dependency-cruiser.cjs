/**
 * Module boundaries, checked by `npm run check` (`depcruise src --config .dependency-cruiser.cjs`).
 * ARCHITECTURE.md "Boundaries" says what each rule means and how to read a violation.
 */
const MODULES = 'src/server/modules/';

/**
 * The modules (src/server/modules/<area>) from the bottom up: a module imports only modules listed BEFORE it.
 * A strict order forbids every import cycle between modules (a cycle needs one import going up) and says where a
 * new module belongs. Moving a module down the list is fine when nothing below it then imports it.
 */
const LAYERS = [
  'audit',
  'auth',
  'org',
  'templates',
  'message-templates',
  'events',
  'settings',
  'sla',
  'access',
  'channels',
  'invitations',
  'delivery',
  'rules',
  'workflows',
  'work-orders',
  'ratings',
  'follow-ups',
  'cases',
  'notifications',
  'analytics',
  'exports',
  'reports',
  'portal',
  'privacy',
  'webhooks',
  'live',
  'system',
];

/**
 * TEMPORARY, to be removed: imports that still go up the order above, as [importing file, module it imports].
 * None is left (the last ones, routes whose answers join a higher module, moved up into that module keeping their
 * URLs: work-orders/invitations.routes.ts, work-orders/rule-dry-run.routes.ts). Do not add entries: an import
 * going up is a design question, not an exception.
 */
const TEMPORARY_UPWARD_IMPORTS = [];

/**
 * Schema file (src/server/db/schema/<file>.ts) → the folder that owns its tables: the only code that writes them.
 * Everything else goes through the owner's exported functions (services, queries, SQL fragments such as
 * `claimSubmissionSlotSql` or `insertEventsSql`). db/ (migrations, the schema index) and demo/ seed data, and tests
 * and benchmarks (not cruised here) may import any schema file.
 */
const SCHEMA_OWNERS = {
  alerts: `${MODULES}cases/`,
  analytics: `${MODULES}analytics/`,
  audit: `${MODULES}audit/`,
  auth: `${MODULES}auth/`,
  cases: `${MODULES}cases/`,
  channels: `${MODULES}channels/`,
  delivery: `${MODULES}delivery/`,
  events: `${MODULES}events/`,
  exports: `${MODULES}exports/`,
  'follow-ups': `${MODULES}follow-ups/`,
  invitations: `${MODULES}invitations/`,
  jobs: 'src/server/jobs/',
  keywords: `${MODULES}analytics/`,
  'message-templates': `${MODULES}message-templates/`,
  notifications: `${MODULES}notifications/`,
  org: `${MODULES}org/`,
  portal: `${MODULES}portal/`,
  'rate-limits': 'src/server/http/',
  ratings: `${MODULES}ratings/`,
  reports: `${MODULES}reports/`,
  rules: `${MODULES}rules/`,
  settings: `${MODULES}settings/`,
  sla: `${MODULES}sla/`,
  'store-rollups': `${MODULES}analytics/`,
  templates: `${MODULES}templates/`,
  touchpoints: `${MODULES}org/`,
  'work-orders': `${MODULES}work-orders/`,
  workflows: `${MODULES}workflows/`,
  webhooks: `${MODULES}webhooks/`,
};

/**
 * TEMPORARY, to be removed: files that still import another owner's schema file, as [importing file, schema file].
 * Every one of them only READS the foreign table (a join or a select; checked: no insert/update/delete of a
 * foreign table, in Drizzle calls or in raw SQL, is left anywhere in src/server). `access` reads across modules by
 * design (the resource scope) and is listed too, so that any new foreign import shows up in review.
 * Fix by reading through the owner's exported query; then delete the entry. Do not add entries.
 */
const TEMPORARY_FOREIGN_READS = [
  ['src/server/modules/access/require-access.ts', 'invitations'],
  ['src/server/modules/access/require-access.ts', 'ratings'],
  ['src/server/modules/access/require-access.ts', 'work-orders'],
  ['src/server/modules/access/scope.ts', 'org'],
  ['src/server/modules/auth/accounts.service.ts', 'org'],
  ['src/server/modules/auth/api-keys.service.ts', 'org'],
  ['src/server/modules/auth/session.service.ts', 'org'],
  ['src/server/modules/delivery/callbacks.routes.ts', 'channels'],
  ['src/server/modules/delivery/compose.ts', 'channels'],
  ['src/server/modules/delivery/compose.ts', 'org'],
  ['src/server/modules/delivery/compose.ts', 'work-orders'],
  ['src/server/modules/delivery/delivery.jobs.ts', 'invitations'],
  ['src/server/modules/invitations/invitations.list.ts', 'delivery'],
  ['src/server/modules/invitations/invitations.list.ts', 'work-orders'],
  ['src/server/modules/org/employees.service.ts', 'auth'],
  ['src/server/modules/rules/rating-defaults.service.ts', 'org'],
  ['src/server/modules/rules/rating-defaults.service.ts', 'templates'],
  ['src/server/modules/templates/templates.service.ts', 'org'],
  ['src/server/modules/templates/templates.service.ts', 'rules'],
];

const esc = (s) => s.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
const anyOf = (names) => `(${names.map(esc).join('|')})`;

const layerRules = LAYERS.slice(0, -1).map((module, i) => {
  const above = LAYERS.slice(i + 1);
  const exceptions = TEMPORARY_UPWARD_IMPORTS.filter(([from]) => from.startsWith(`${MODULES}${module}/`));
  return {
    name: `module-order-${module}`,
    comment:
      `modules/${module} may import only modules listed before it in LAYERS (.dependency-cruiser.cjs): ` +
      `an import of ${above.join(', ')} would allow an import cycle between modules.`,
    severity: 'error',
    from: { path: `^${esc(MODULES + module)}/`, pathNot: exceptions.map(([from]) => `^${esc(from)}$`) },
    to: {
      path: `^${esc(MODULES)}${anyOf(above)}/`,
      pathNot: exceptions.map(([, to]) => `^${esc(MODULES + to)}/`),
    },
  };
});

// One rule per exception pair would be exact; a file listed above may import only the module named with it.
for (const [from, to] of TEMPORARY_UPWARD_IMPORTS) {
  const module = from.slice(MODULES.length).split('/')[0];
  const above = LAYERS.slice(LAYERS.indexOf(module) + 1).filter((m) => m !== to);
  const allowed = TEMPORARY_UPWARD_IMPORTS.filter(([f]) => f === from).map(([, t]) => t);
  layerRules.push({
    name: `module-order-${module}`,
    comment: `${from} is a temporary exception for ${allowed.join(', ')} only.`,
    severity: 'error',
    from: { path: `^${esc(from)}$` },
    to: { path: `^${esc(MODULES)}${anyOf(above.filter((m) => !allowed.includes(m)))}/` },
  });
}

const schemaRules = Object.entries(SCHEMA_OWNERS).map(([file, owner]) => ({
  name: `schema-${file}-owned-by-${owner.replace(/^src\/server\/(modules\/)?|\/$/g, '')}`,
  comment:
    `db/schema/${file}.ts holds tables that only ${owner} writes; other code reads them through ` +
    `${owner}'s exported functions (see SCHEMA_OWNERS in .dependency-cruiser.cjs).`,
  severity: 'error',
  from: {
    path: '^src/',
    pathNot: [
      `^${esc(owner)}`,
      '^src/server/db/',
      '^src/server/demo/',
      ...TEMPORARY_FOREIGN_READS.filter(([, schema]) => schema === file).map(([from]) => `^${esc(from)}$`),
    ],
  },
  to: { path: `^src/server/db/schema/${esc(file)}\\.ts$` },
}));

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'common-imports-no-server-or-web',
      comment: 'src/common is shared by the server and the console: it imports nothing from src/server or src/web.',
      severity: 'error',
      from: { path: '^src/common/' },
      to: { path: '^src/(server|web)/' },
    },
    {
      name: 'web-imports-no-server',
      comment: 'The console (src/web) imports nothing from src/server; share code through src/common.',
      severity: 'error',
      from: { path: '^src/web/' },
      to: { path: '^src/server/' },
    },
    ...schemaRules,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Tests may reach anywhere (factories write every table); migrations are generated SQL.
    exclude: { path: ['node_modules', '\\.test\\.tsx?$', '^src/server/db/migrations/'] },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
  },
};
