import fs from 'node:fs';
import type { TestProject } from 'vitest/node';
import { createPgliteTemplate, createPostgresTemplate, dropPostgresDatabase, TEMPLATE_ENV } from './template-db.js';

/** Prepares the migrated template database the test files of this project clone. */
export default async function setup(project: TestProject) {
  const kind = project.config.env?.RATELOOP_TEST_DB;
  if (kind === 'postgres') {
    const url = process.env.TEST_DATABASE_URL!;
    const name = await createPostgresTemplate(url);
    project.provide(TEMPLATE_ENV, name);
    return async () => dropPostgresDatabase(url, name);
  }
  const file = await createPgliteTemplate();
  project.provide(TEMPLATE_ENV, file);
  return async () => fs.rmSync(file, { force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    [TEMPLATE_ENV]: string;
  }
}
