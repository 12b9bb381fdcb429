import { createHmac, randomBytes } from 'node:crypto';
import { HttpFake } from './http-fake.js';

export interface TwilioMessage {
  sid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  statusCallback: string | null;
}

const twilioError = (status: number, code: number, message: string) => ({
  status,
  body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status },
});

/**
 * Twilio's Messages API as far as Rateloop uses it: Basic auth with Account SID and Auth Token, form-encoded
 * `To`, `From` | `MessagingServiceSid`, `Body`, `StatusCallback`; 201 with the message resource; errors as
 * `{code, message, more_info, status}`. `sendStatusCallback` plays Twilio's delivery receipt, signed like Twilio.
 */
export class TwilioFake extends HttpFake {
  readonly messages: TwilioMessage[] = [];

  constructor(
    readonly accountSid = `AC${'1'.repeat(32)}`,
    readonly authToken = 'twilio-auth-token-abcdef',
  ) {
    super((req) => {
      const m = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(req.path);
      if (req.method !== 'POST' || !m) return twilioError(404, 20404, 'The requested resource was not found');
      const expected = `Basic ${Buffer.from(`${this.accountSid}:${this.authToken}`).toString('base64')}`;
      if (m[1] !== this.accountSid || req.headers.authorization !== expected) {
        return twilioError(401, 20003, 'Authenticate');
      }
      if (!String(req.headers['content-type']).startsWith('application/x-www-form-urlencoded')) {
        return twilioError(400, 20001, 'Unsupported content type');
      }
      const form = new URLSearchParams(req.body);
      const to = form.get('To') ?? '';
      if (!form.get('Body')) return twilioError(400, 21602, 'Message body is required.');
      if (!form.get('From') && !form.get('MessagingServiceSid')) {
        return twilioError(400, 21603, "A 'From' or 'MessagingServiceSid' parameter is required to send a message");
      }
      if (!/^\+[1-9]\d{6,14}$/.test(to))
        return twilioError(400, 21211, `The 'To' number ${to} is not a valid phone number.`);
      const message: TwilioMessage = {
        sid: `SM${randomBytes(16).toString('hex')}`,
        to,
        from: form.get('From'),
        messagingServiceSid: form.get('MessagingServiceSid'),
        body: form.get('Body') ?? '',
        statusCallback: form.get('StatusCallback'),
      };
      this.messages.push(message);
      return {
        status: 201,
        body: {
          sid: message.sid,
          account_sid: this.accountSid,
          to: message.to,
          from: message.from,
          messaging_service_sid: message.messagingServiceSid,
          body: message.body,
          status: 'queued',
          num_segments: '1',
          error_code: null,
          error_message: null,
          api_version: '2010-04-01',
          uri: `/2010-04-01/Accounts/${this.accountSid}/Messages/${message.sid}.json`,
        },
      };
    });
  }

  /** Twilio's scripted errors, with real codes. */
  failNext(
    n: number,
    kind:
      | 'rate_limit'
      | 'invalid_number'
      | 'not_mobile'
      | 'account_not_active'
      | 'account_suspended'
      | 'queue_full'
      | 'server_error',
  ): void {
    const answers = {
      rate_limit: { ...twilioError(429, 20429, 'Too Many Requests'), headers: { 'retry-after': '7' } },
      invalid_number: twilioError(400, 21211, "The 'To' number +1555 is not a valid phone number."),
      not_mobile: twilioError(400, 21614, "'To' number is not a valid mobile number"),
      // https://www.twilio.com/docs/api/errors/20005 — out of funds or trial not activated
      account_not_active: twilioError(401, 20005, 'Account not active'),
      // https://www.twilio.com/docs/api/errors/10001 — suspended (balance at $0, policy)
      account_suspended: twilioError(403, 10001, 'Account is not active'),
      // https://www.twilio.com/docs/api/errors/21611 — more than 10 hours of messages queued on the sender
      queue_full: twilioError(400, 21611, "This 'From' number has exceeded the maximum number of queued messages"),
      server_error: twilioError(500, 20500, 'Internal Server Error'),
    };
    this.answerNext(n, answers[kind]);
  }

  /**
   * Posts a delivery receipt for `sid` to its StatusCallback URL, signed with X-Twilio-Signature. `signWithPort`:
   * sign the URL with its standard port written out (https://host:443/…), as Twilio may do.
   */
  async sendStatusCallback(
    sid: string,
    status: 'sent' | 'delivered' | 'undelivered' | 'failed' | 'canceled' | 'partially_delivered',
    errorCode?: string,
    opts: { signWithPort?: boolean } = {},
  ) {
    const message = this.messages.find((m) => m.sid === sid);
    if (!message?.statusCallback) throw new Error(`no status callback for ${sid}`);
    const params: Record<string, string> = {
      AccountSid: this.accountSid,
      ApiVersion: '2010-04-01',
      From: message.from ?? '',
      MessageSid: sid,
      MessageStatus: status,
      SmsSid: sid,
      SmsStatus: status,
      To: message.to,
      ...(errorCode && { ErrorCode: errorCode }),
    };
    // Twilio's algorithm: URL + every param name and value, sorted by name; HMAC-SHA1 with the auth token; base64.
    const data = Object.keys(params)
      .sort()
      .map((k) => k + params[k])
      .join('');
    let signedUrl = message.statusCallback;
    if (opts.signWithPort) {
      const u = new URL(signedUrl);
      const port = u.port || (u.protocol === 'https:' ? '443' : '80');
      signedUrl = `${u.protocol}//${u.hostname}:${port}${u.pathname}${u.search}`;
    }
    const signature = createHmac('sha1', this.authToken)
      .update(signedUrl + data)
      .digest('base64');
    return fetch(message.statusCallback, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
      body: new URLSearchParams(params).toString(),
    });
  }
}
