import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { RETENTION_MAX_DAYS, RETENTION_MIN_DAYS } from '../../../common/privacy';
import { type Answer, client, ok, type RequestBody } from '../../api/client';
import { ApiError } from '../../app/api';
import { workOrderKeys } from '../work-orders/workOrdersApi';

/** GET/PUT /privacy/retention: the two periods (null = kept until erased), the next nightly run, the last run. */
export type RetentionStatus = Answer<'/privacy/retention'>;
export type RetentionBody = RequestBody<'/privacy/retention', 'put'>;
export type RetentionRun = NonNullable<RetentionStatus['lastRun']>;
/** GET /privacy/retention/preview: what the next nightly run would remove with the settings as saved. */
export type RetentionPreview = Answer<'/privacy/retention/preview'>;
export type TemplateRetentionPreview = RetentionPreview['templates'][number];
/** POST /privacy/contacts/export: everything held about one person. */
export type ContactExport = Answer<'/privacy/contacts/export', 'post'>;
/** A person by phone, e-mail and/or WeChat openid (at least one). */
export type PersonBody = RequestBody<'/privacy/contacts/export', 'post'>;
/** POST /privacy/contacts/erase: when, and how many records of each kind changed. */
export type EraseResult = Answer<'/privacy/contacts/erase', 'post'>;

export { RETENTION_MAX_DAYS, RETENTION_MIN_DAYS };

/**
 * The kinds of records a retention run or an erase counts (`counts` of both answers), in the order the console
 * lists them; each has a label `privacy.kinds.<kind>`. A kind a newer server adds is listed after these.
 */
export const COUNT_KINDS = [
  'workOrders',
  'invitations',
  'deliveryAttempts',
  'events',
  'ratings',
  'followUpTexts',
  'caseTexts',
  'portal',
  'wechatIds',
  'sandboxMessages',
  'importFiles',
  'optOutsHashed',
] as const;
export type CountKind = (typeof COUNT_KINDS)[number];

/** The non-zero counts in the console's order (known kinds first, then any other, by name). */
export function countRows(counts: Record<string, number>): { kind: string; count: number }[] {
  const rank = (kind: string) => {
    const index = (COUNT_KINDS as readonly string[]).indexOf(kind);
    return index === -1 ? COUNT_KINDS.length : index;
  };
  return Object.entries(counts)
    .filter(([, count]) => count > 0)
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([kind, count]) => ({ kind, count }));
}

/**
 * A retention period as a form holds it: "keep" (null: kept until erased — or, on a template, the organisation's
 * default) or a number of days, which may still be empty while the user types.
 */
export interface DaysChoice {
  mode: 'keep' | 'days';
  days: number | null;
}

export const toChoice = (days: number | null | undefined): DaysChoice =>
  days === null || days === undefined ? { mode: 'keep', days: null } : { mode: 'days', days };

/** The API's value of a choice: null for "keep", else the days. */
export const fromChoice = (choice: DaysChoice | undefined): number | null =>
  choice?.mode === 'days' && choice.days !== null ? choice.days : null;

/** Why a choice cannot be saved: days chosen but none given, or outside 30–3650 (the server's bounds). */
export function choiceProblem(choice: DaysChoice | undefined): 'required' | 'range' | null {
  if (!choice || choice.mode === 'keep') return null;
  if (choice.days === null || choice.days === undefined) return 'required';
  if (!Number.isInteger(choice.days) || choice.days < RETENTION_MIN_DAYS || choice.days > RETENTION_MAX_DAYS) {
    return 'range';
  }
  return null;
}

/** The retention form's values (named as the API's fields, so its field errors land on them). */
export interface RetentionValues {
  contactDays: DaysChoice;
  freeTextDays: DaysChoice;
}

export const toRetentionValues = (status: Pick<RetentionStatus, 'contactDays' | 'freeTextDays'>): RetentionValues => ({
  contactDays: toChoice(status.contactDays),
  freeTextDays: toChoice(status.freeTextDays),
});

export const toRetentionBody = (values: RetentionValues): RetentionBody => ({
  contactDays: fromChoice(values.contactDays),
  freeTextDays: fromChoice(values.freeTextDays),
});

/** Whether a choice differs from a saved period (choosing "days" without a number yet counts as a change). */
export const choiceChanged = (saved: number | null, choice: DaysChoice | undefined): boolean =>
  choice !== undefined && (choice.mode === 'keep' ? saved !== null : saved === null || choice.days !== saved);

export const retentionChanged = (
  saved: Pick<RetentionStatus, 'contactDays' | 'freeTextDays'>,
  values: Partial<RetentionValues>,
): boolean =>
  choiceChanged(saved.contactDays, values.contactDays) || choiceChanged(saved.freeTextDays, values.freeTextDays);

/** The per-contact form's values: text fields, any of which may be empty. */
export interface PersonValues {
  phone?: string;
  email?: string;
  openId?: string;
}

/** The person as the API takes it: trimmed, empty fields left out. Empty (`{}`) when no field is filled. */
export function toPerson(values: PersonValues): PersonBody {
  const person: PersonBody = {};
  const phone = values.phone?.trim();
  const email = values.email?.trim();
  const openId = values.openId?.trim();
  if (phone) person.phone = phone;
  if (email) person.email = email;
  if (openId) person.openId = openId;
  return person;
}

export const hasPerson = (values: PersonValues) => Object.keys(toPerson(values)).length > 0;

/** The server's forms of a phone number and an openid (org.schemas.ts `PHONE_PATTERN`, privacy.schemas.ts). */
export const PHONE_PATTERN = /^[+0-9 ()-]{5,30}$/;
export const OPEN_ID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;

/** How many records of each part an export holds (the summary shown after the download). */
export function exportSummary(data: ContactExport) {
  return {
    workOrders: data.workOrders.length,
    invitations: data.invitations.length,
    ratings: data.ratings.length,
    followUps: data.followUps.tasks.length + data.followUps.attempts.length + data.followUps.calls.length,
    cases: data.cases.length,
    optOuts: data.optOuts.length,
    portalSessions: data.portalSessions.length,
    wechatIds: data.wechatIds.length,
  };
}
export type ExportSummary = ReturnType<typeof exportSummary>;

const pad = (n: number) => String(n).padStart(2, '0');

/** `rateloop-contact-2026-05-14.json`: the export's file name, dated in the browser's local day. */
export const exportFileName = (at: Date) =>
  `rateloop-contact-${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}.json`;

/** Offers the export as a JSON file download (no BOM: JSON readers expect plain UTF-8). */
export function downloadJson(filename: string, data: unknown): void {
  const blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * The erase's field errors name `person.phone`, the export's `phone`: the same form shows both, so the erase's
 * paths lose their `person` prefix.
 */
export function withoutPersonPrefix(error: unknown): unknown {
  if (!(error instanceof ApiError) || !error.problem.errors?.length) return error;
  return new ApiError({
    ...error.problem,
    errors: error.problem.errors.map((item) => ({
      ...item,
      path: item.path.replace(/^(\/?body[./])?\/?person[./]/, ''),
    })),
  });
}

export const privacyKeys = {
  all: ['privacy'] as const,
  retention: () => [...privacyKeys.all, 'retention'] as const,
  preview: () => [...privacyKeys.all, 'preview'] as const,
};

/** The settings and the runs; asked again every 2 s while a run is going on. */
export function useRetention(enabled = true) {
  return useQuery({
    queryKey: privacyKeys.retention(),
    enabled,
    queryFn: () => ok(client.GET('/privacy/retention')),
    refetchInterval: (query) => {
      const run = query.state.data?.lastRun;
      return run && run.finishedAt === null ? 2_000 : false;
    },
  });
}

export function useRetentionPreview() {
  return useQuery({
    queryKey: privacyKeys.preview(),
    queryFn: () => ok(client.GET('/privacy/retention/preview')),
  });
}

export function useSaveRetention() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: RetentionBody) => ok(client.PUT('/privacy/retention', { body })),
    onSuccess: (saved) => {
      queryClient.setQueryData<RetentionStatus>(privacyKeys.retention(), saved);
      void queryClient.invalidateQueries({ queryKey: privacyKeys.preview() });
    },
  });
}

export function useRunRetention() {
  return useMutation({ mutationFn: () => ok(client.POST('/privacy/retention/run')) });
}

export function useExportContact() {
  return useMutation({ mutationFn: (body: PersonBody) => ok(client.POST('/privacy/contacts/export', { body })) });
}

export function useEraseContact() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (person: PersonBody) =>
      ok(client.POST('/privacy/contacts/erase', { body: { person, irreversible: true } })).catch((error: unknown) => {
        throw withoutPersonPrefix(error);
      }),
    // What tonight's run would remove may have been erased now; work orders show the blanks.
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: privacyKeys.all });
      void queryClient.invalidateQueries({ queryKey: workOrderKeys.all });
    },
  });
}
