import type { JobDefinition } from '../../jobs/queue.js';

export const orgJobs: JobDefinition[] = [];
