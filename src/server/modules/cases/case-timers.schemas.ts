import { z } from 'zod';
import { SLA_TARGETS, SLA_TIMER_KINDS } from '../../../common/cases.js';

/** A warning or breach that fired on a case (`case_sla_events`). */
export const firedTimerSchema = z.object({
  target: z.enum(SLA_TARGETS),
  kind: z.enum(SLA_TIMER_KINDS).describe('`warning`: the due time is near; `breach`: it passed.'),
  targetMinutes: z.number().int().describe('The target it fired for (a policy change may set a new one).'),
  dueAt: z.string().describe("The target's due time when it fired."),
  firedAt: z.string(),
});
export type FiredTimerView = z.infer<typeof firedTimerSchema>;
