/** Channel values shared by the server (db/schema/channels.ts, the API's enums) and the console's forms. */

/**
 * The provider adapters a channel configuration can use (server: modules/channels/*.adapter.ts). `sandbox_*` keep
 * each message in the console's sandbox inbox instead of sending it (development and demo; refused in production
 * unless SANDBOX_CHANNEL_ENABLED=true).
 */
export const CHANNEL_PROVIDERS = [
  'smtp',
  'twilio',
  'aliyun',
  'generic_http',
  'wechat_mp',
  'webhook',
  'sandbox_sms',
  'sandbox_email',
  'sandbox_wechat',
] as const;
export type ChannelProvider = (typeof CHANNEL_PROVIDERS)[number];

/** The channels an invitation can go out on (a rule or a rating node lists them in delivery order). */
export const RATING_CHANNELS = ['qr', 'sms', 'email', 'wechat', 'webhook'] as const;
export type RatingChannel = (typeof RATING_CHANNELS)[number];
