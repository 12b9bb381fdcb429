/**
 * The call button of the follow-up console goes through a call-centre adapter: `tel` (a `tel:` link, the agent's own
 * phone dials) or `tccc` (Tencent Cloud Contact Center click-to-call, a dual call placed by the provider). See
 * README.md in this folder for the documentation each adapter follows.
 */
export interface CallCentreAdapter {
  readonly kind: 'tel' | 'tccc';
  /** Starts a call from the agent's seat to the customer's number. */
  startCall(input: { seat: string | null; callee: string; taskId: string }): Promise<CallStart>;
}

/** A link the browser opens (`tel:`), or a call the provider placed, known by its id (TCCC's SessionId). */
export type CallStart = { kind: 'link'; href: string } | { kind: 'placed'; providerCallId: string };

/** A finished call as the provider reports it, normalised. */
export interface CallRecord {
  provider: 'tccc';
  providerCallId: string;
  /** Our follow-up task, carried through the provider as user-to-user data; null when the call was not ours. */
  taskId: string | null;
  seat: string | null;
  /** E.164, e.g. `+8613800138000`. */
  callee: string;
  startedAt: Date;
  answeredAt: Date | null;
  endedAt: Date;
  /** Talk time: from the customer's answer to the end; 0 when nobody answered. */
  durationSeconds: number;
  outcome: 'answered' | 'no_answer' | 'busy' | 'failed';
  recordingUrl: string | null;
}

export type CallCentreErrorCode =
  | 'seat_unavailable'
  | 'invalid_number'
  | 'rate_limited'
  | 'auth_failed'
  | 'provider_error';

/**
 * A call that could not be started. `code` is stable (the console translates it); `providerCode` is the provider's
 * own error code when there is one (e.g. `FailedOperation.SeatStatusBusy`), for the log. Messages never carry secrets.
 */
export class CallCentreError extends Error {
  constructor(
    readonly code: CallCentreErrorCode,
    message: string,
    readonly providerCode?: string,
  ) {
    super(message);
    this.name = 'CallCentreError';
  }
}

const E164 = /^\+[1-9]\d{6,14}$/;
const CHINESE_MOBILE = /^1[3-9]\d{9}$/;

/**
 * The customer's number as E.164, or null when it is neither E.164 nor a mainland Chinese mobile number. Spaces,
 * dashes, dots and brackets are dropped (`+86 138-0013-8000`); a bare mainland mobile gets `+86`; the international
 * prefix `00` is read as `+` (TCCC writes numbers as `0086…`).
 */
export function toE164(raw: string): string | null {
  const compact = raw.trim().replace(/[\s\-().]/g, '');
  const plus = compact.startsWith('00') ? `+${compact.slice(2)}` : compact;
  if (CHINESE_MOBILE.test(plus)) return `+86${plus}`;
  if (!E164.test(plus)) return null;
  // A +86 number must be a mobile (landlines are out of scope here): refuse +86 followed by anything else.
  if (plus.startsWith('+86') && !CHINESE_MOBILE.test(plus.slice(3))) return null;
  return plus;
}

/** `toE164`, or CallCentreError('invalid_number'). */
export function calleeOrThrow(raw: string): string {
  const e164 = toE164(raw);
  if (!e164) throw new CallCentreError('invalid_number', 'Not a callable number (E.164 or a mainland mobile expected)');
  return e164;
}
