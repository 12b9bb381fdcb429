import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { departmentRoutes } from './departments.routes.js';
import { employeeImportRoutes } from './employee-imports.routes.js';
import { employeeRoutes } from './employees.routes.js';
import { serviceTypeRoutes } from './service-types.routes.js';
import { touchpointRoutes } from './touchpoints.routes.js';

/** Departments, employees, service types and employee imports. */
export const orgRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    await app.register(departmentRoutes(ctx));
    await app.register(employeeRoutes(ctx));
    await app.register(serviceTypeRoutes(ctx));
    await app.register(touchpointRoutes(ctx));
    await app.register(employeeImportRoutes(ctx));
  };
