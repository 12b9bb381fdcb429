/**
 * The stable error vocabulary the server speaks and the console translates (src/web/i18n: `problems.<type>`,
 * `fieldErrors.<code>`). A problem's `type` ends in one of PROBLEM_TYPES; each entry of its `errors[]` carries one of
 * FIELD_ERROR_CODES plus `params` for the translation (`{ code: 'too_long', params: { max: 200 } }`). `message` and
 * `detail` stay English for integrators. Add a code here, then its translations in both languages (a unit test
 * fails otherwise); the server's types refuse a code that is not listed.
 */
export const PROBLEM_TYPES = [
  'validation',
  'bad-request',
  'unauthenticated',
  'forbidden',
  'csrf',
  'origin',
  'must-change-password',
  /** Pad mode: the console session is suspended until its user re-enters the password (423). */
  'session-locked',
  'privilege-escalation',
  'not-found',
  'conflict',
  'self-lockout',
  'last-admin',
  'department-cycle',
  'department-not-empty',
  'rating-pending',
  'node-not-active',
  'skip-not-allowed',
  'version-frozen',
  'template-archived',
  'template-in-use',
  'template-published',
  'template-unpublished',
  'default-template',
  'no-draft',
  'no-template',
  'not-completed',
  /** Pad mode: the work order has no open invitation the caller could hand over on this device (409). */
  'no-open-invitation',
  'illegal-transition',
  'already-rated',
  'link-expired',
  'link-revoked',
  'too-many-requests',
  'payload-too-large',
  'unsupported-media-type',
  'not-ready',
  /** An export's download link has expired (410): its file is deleted. */
  'export-expired',
  /** An export not finished (or failed): nothing to download yet (409). */
  'export-not-ready',
  'sandbox-disabled',
  /** The organisation's default calendar or SLA policy cannot be deleted (409); another must be made default first. */
  'default-in-use',
  /** A follow-up task is closed: no more calls, survey or reassignment (409). */
  'follow-up-closed',
  /** The survey needs a call that reached the customer first (409). */
  'follow-up-not-reached',
  /** The task's survey template has no published version (409). */
  'follow-up-no-template',
  /** The call centre did not start the call (409); `errors[0].code` says why (seat busy, invalid number, …). */
  'call-failed',
  'internal',
] as const;
export type ProblemType = (typeof PROBLEM_TYPES)[number];

export const FIELD_ERROR_CODES = [
  // generic shapes (zod issues map onto these; services reuse them)
  'invalid',
  'required',
  'invalid_type',
  'too_short',
  'too_long',
  'too_few',
  'too_many',
  'too_small',
  'too_big',
  'must_be_above',
  'must_be_below',
  'out_of_range',
  'not_multiple_of',
  'invalid_format',
  'invalid_email',
  'invalid_url',
  'invalid_uuid',
  'invalid_date',
  'invalid_phone',
  'invalid_time_zone',
  'invalid_choice',
  'unknown_field',
  'invalid_character',
  'forbidden_name',
  'too_deep',
  'duplicate',
  'only_one',
  'exactly_one',
  'not_applicable',
  // references and state
  'not_found',
  'is_taken',
  'inactive',
  'not_a_region',
  'template_archived',
  'template_unpublished',
  'wrong_status',
  'illegal_transition',
  'rating_pending',
  'cycle',
  'missing_items',
  'not_combinable',
  'invalid_cursor',
  'weight_required',
  'not_scored',
  'no_comment_slot',
  // analytics periods (#16)
  'before_start',
  'too_many_buckets',
  'unknown_variable',
  'missing_link_variable',
  'aliyun_variable',
  // message templates by purpose and WeChat category-template fields (#11)
  'missing_required_variable',
  'wechat_unknown_field_type',
  'wechat_field_obsolete',
  'wechat_field_empty',
  'wechat_field_too_long',
  'wechat_field_format',
  // CSV imports (a file or a row of it)
  'invalid_csv',
  'empty_file',
  'unknown_columns',
  'missing_columns',
  'repeated_columns',
  'wrong_column_count',
  'duplicate_of_line',
  'ambiguous_name',
  'more_errors',
  'import_failed',
  // accounts
  'wrong_password',
  'same_as_current',
  'contains_username',
  'too_easy_to_guess',
  'roles_beyond_own',
  'self_deactivation',
  'self_admin_removal',
  'last_admin',
  // webhook endpoints
  'webhook_url_scheme',
  'webhook_url_credentials',
  // business calendars and SLA policies (#17)
  'invalid_time',
  'periods_overlap',
  'no_working_time',
  'target_order',
  // follow-up rules (#19)
  'not_follow_up_agent',
  // follow-up calls (#19): why a call centre did not start a call
  'seat_unavailable',
  'invalid_number',
  'rate_limited',
  'auth_failed',
  'provider_error',
] as const;
export type FieldErrorCode = (typeof FIELD_ERROR_CODES)[number];

/** Values interpolated into a field error's translation (`{{max}}`); lists are joined with ", " by the server. */
export type FieldErrorParams = Record<string, string | number>;

/** The `params` of a custom zod issue (`ctx.addIssue({ …, params: issueCode('duplicate') })`) carrying a code. */
export const issueCode = (code: FieldErrorCode, params?: FieldErrorParams) => ({
  errorCode: code,
  ...(params ? { errorParams: params } : {}),
});

/**
 * A zod `error` option that gives a schema's own message a stable code: `.regex(PHONE_PATTERN,
 * coded('invalid_phone', 'is not a valid phone number'))`. zod hands the error function the issue it is about to
 * finalise and copies the issue's own keys after it returns, so the code travels as the issue's
 * `params.errorCode` (where `.refine(…, { params })` puts custom data too); the server's zod-issue mapping reads it.
 */
export function coded(code: FieldErrorCode, message: string, params?: FieldErrorParams) {
  return {
    error: (issue: object) => {
      const raw = issue as { params?: Record<string, unknown> };
      raw.params = { ...raw.params, ...issueCode(code, params) };
      return message;
    },
  };
}
