import { z } from 'zod';

const figures = {
  cases: z.number().int().describe('Remediation cases opened in the period.'),
  reinvited: z.number().int().describe('Of them, cases whose customer was re-invited after resolution.'),
  rerated: z.number().int().describe('Of them, cases whose customer answered the re-survey.'),
  recovered: z
    .number()
    .int()
    .describe('Of them, cases re-rated with a score that is no longer negative (S ≥ 37.5, SCORING.md §4).'),
  recoveryRate: z
    .number()
    .nullable()
    .describe('% recovered / re-invited (a re-survey not answered yet counts as not recovered); null without any.'),
  firstContacts: z.number().int().describe('Cases whose customer has been reached.'),
  averageFirstContactMs: z
    .number()
    .nullable()
    .describe("Mean working time until the first contact (business time of each case's calendar); null without any."),
};

export const recoverySummarySchema = z.object({
  ...figures,
  period: z.object({ from: z.string().nullable(), to: z.string().nullable() }),
  ignoredFilters: z
    .array(z.string())
    .describe('Filters given that do not apply to cases (only the period and the department do).'),
  byTeam: z
    .array(
      z.object({
        departmentId: z.string().nullable().describe('null: cases of work orders without a department.'),
        departmentName: z.string().nullable(),
        ...figures,
      }),
    )
    .describe("Per department of the case's work order, by name."),
});
export type RecoverySummaryView = z.infer<typeof recoverySummarySchema>;
