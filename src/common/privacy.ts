/**
 * One person, as the privacy tools find them (issue 21): by the normalised phone number (`+8613800000000`, as
 * `rateloop_phone_key` and delivery's `normalisePhone` write it), the lower-cased e-mail address and/or the WeChat
 * openid. Every module that holds contact data answers "what do you hold about this person" and "forget them" with it.
 */
export interface PersonKeys {
  phone: string | null;
  email: string | null;
  openId: string | null;
}

/** The contact keys (`phone:…`, `email:…`, `wechat:…`) delivery, the portal and the openid table use for a person. */
export function contactKeysOfPerson(p: PersonKeys): string[] {
  return [
    ...(p.phone ? [`phone:${p.phone}`] : []),
    ...(p.email ? [`email:${p.email}`] : []),
    ...(p.openId ? [`wechat:${p.openId}`] : []),
  ];
}

/** Retention limits are whole days within these bounds (null: kept until erased). */
export const RETENTION_MIN_DAYS = 30;
export const RETENTION_MAX_DAYS = 3650;
