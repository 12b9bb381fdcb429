import { z } from 'zod';

export const caseOverviewQuery = z.object({
  departmentId: z.uuid().optional().describe('Only cases of this department and its subtree.'),
});
export type CaseOverviewQuery = z.infer<typeof caseOverviewQuery>;

const counts = {
  open: z.number().int().describe('Cases not yet resolved or closed.'),
  overdue: z.number().int().describe('Cases with a due time that has passed (the list’s `overdue=true`).'),
  breached: z
    .number()
    .int()
    .describe('Cases that missed a target: first contact or resolution after its due time, or overdue now.'),
  firstContactBreaches: z.number().int().describe('Cases whose first contact came (or is) later than its target.'),
  resolutionBreaches: z.number().int().describe('Cases whose resolution came (or is) later than its target.'),
};

export const caseOverviewSchema = z.object({
  ...counts,
  total: z.number().int().describe('Every case the caller may see (with the filter).'),
  firstContacts: z.number().int().describe('Cases whose customer has been reached.'),
  averageFirstContactMs: z
    .number()
    .nullable()
    .describe('Average working time until the customer was first reached (null before any first contact).'),
  byTeam: z
    .array(
      z.object({
        departmentId: z.string().nullable().describe('null: cases of work orders without a department.'),
        departmentName: z.string().nullable(),
        total: z.number().int(),
        ...counts,
      }),
    )
    .describe('Per department (team) of the case, most breaches first.'),
});
export type CaseOverviewView = z.infer<typeof caseOverviewSchema>;
