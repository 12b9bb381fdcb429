import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';

/** Departments, employees, service types and employee imports. */
export const orgRoutes =
  (_ctx: AppContext): FastifyPluginAsyncZod =>
  async () => {};
