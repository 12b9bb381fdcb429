/**
 * What a message to a customer or staff member is for. Each purpose has its own template per channel and language
 * (Aliyun and WeChat need a separately approved template for each kind of message).
 * - `invitation`: the first invitation to rate a service;
 * - `reminder`: a reminder of an unanswered invitation;
 * - `alert`: a bad-experience alert to the responsible staff (closed loop);
 * - `report`: a scheduled analytics report;
 * - `sign_in_code`: a one-time code to sign in to the customer portal.
 */
export const MESSAGE_PURPOSES = ['invitation', 'reminder', 'alert', 'report', 'sign_in_code'] as const;
export type MessagePurpose = (typeof MESSAGE_PURPOSES)[number];
