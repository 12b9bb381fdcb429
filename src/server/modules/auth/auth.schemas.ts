import { z } from 'zod';
import { ROLES } from '../../../common/roles.js';
import { MIN_PASSWORD_LENGTH, PASSWORD_TOO_SHORT } from './password-policy.js';

export const loginBody = z.object({
  username: z.string().trim().min(1).max(100).describe('Login name; the first admin is `admin`.'),
  password: z.string().min(1).max(200),
});

export const changePasswordBody = z.object({
  currentPassword: z.string().min(1).max(200),
  newPassword: z
    .string()
    .min(MIN_PASSWORD_LENGTH, PASSWORD_TOO_SHORT)
    .max(200)
    .describe(
      `At least ${MIN_PASSWORD_LENGTH} characters, different from the current one, not containing the username, and hard to guess (zxcvbn score ≥ 3); otherwise 400 with \`is too easy to guess\` or \`must not contain the username\` on this field.`,
    ),
});

export const unlockBody = z.object({
  password: z.string().min(1).max(200).describe("The session's own password (counted like a login)."),
});

export const sessionUser = z.object({
  id: z.string().describe('Account id.'),
  employeeId: z.string(),
  username: z.string(),
  name: z.string(),
  roles: z.array(z.enum(ROLES)),
});

export const sessionResponse = z.object({
  user: sessionUser,
  mustChangePassword: z.boolean().describe('True until the user has replaced the initial password.'),
  locked: z
    .boolean()
    .describe(
      'Pad mode: the session is suspended while a customer rates on this device; every other call answers 423 ' +
        '`session-locked` until `POST /auth/unlock`.',
    ),
  padWorkOrderId: z
    .string()
    .nullable()
    .describe('While locked: the work order the device was handed over from (the console returns there).'),
  csrfToken: z
    .string()
    .describe('Send as `x-csrf-token` on every state-changing request (also in the `rl_csrf` cookie).'),
});
