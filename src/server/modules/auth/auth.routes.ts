import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Role } from '../../../common/roles.js';
import type { AppContext } from '../../context.js';
import { access } from '../../http/access.js';
import { ANONYMOUS_BODY_LIMIT } from '../../http/body-limits.js';
import type { Principal } from '../../http/principal.js';
import { unauthorized } from '../../http/problem.js';
import { recordAudit } from '../audit/audit.service.js';
import { authenticate, changePassword, reauthenticate } from './accounts.service.js';
import { changePasswordBody, loginBody, sessionResponse, unlockBody } from './auth.schemas.js';
import { CSRF_COOKIE, createSession, deleteSession, resumeSession, SESSION_COOKIE } from './session.service.js';

export const authRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const cookieBase = { path: '/', sameSite: 'lax' as const, secure: ctx.config.cookieSecure };
    const setCookies = (reply: FastifyReply, token: string, csrfToken: string, expiresAt: Date) => {
      reply.setCookie(SESSION_COOKIE, token, { ...cookieBase, httpOnly: true, expires: expiresAt });
      reply.setCookie(CSRF_COOKIE, csrfToken, { ...cookieBase, httpOnly: false, expires: expiresAt });
    };

    app.post(
      '/auth/login',
      {
        config: { ...access.public({ checkOrigin: true }), rateLimit: { max: 20, timeWindow: '1 minute' } },
        bodyLimit: ANONYMOUS_BODY_LIMIT,
        schema: {
          tags: ['auth'],
          summary: 'Log in to the console; sets the session cookie',
          body: loginBody,
          response: { 200: sessionResponse },
        },
      },
      async (req, reply) => {
        const { account, employee } = await authenticate(ctx.db, req.body.username, req.body.password, req.ip);
        const session = await createSession(ctx.db, account.id, ctx.config.SESSION_TTL_HOURS, {
          ip: req.ip,
          userAgent: req.headers['user-agent'] ?? null,
        });
        await recordAudit(
          ctx.db,
          { type: 'user', id: employee.id, name: employee.name, ip: req.ip },
          { action: 'auth.login', entityType: 'account', entityId: account.id },
        );
        setCookies(reply, session.token, session.csrfToken, session.expiresAt);
        return {
          user: {
            id: account.id,
            employeeId: employee.id,
            username: account.username,
            name: employee.name,
            roles: employee.roles as Role[],
          },
          mustChangePassword: account.mustChangePassword,
          locked: false,
          padWorkOrderId: null,
          csrfToken: session.csrfToken,
        };
      },
    );

    const sessionOf = (p: Extract<Principal, { kind: 'user' }>, locked: boolean) => ({
      user: {
        id: p.accountId,
        employeeId: p.employeeId,
        username: p.username,
        name: p.name,
        roles: p.roles as Role[],
      },
      mustChangePassword: p.mustChangePassword,
      locked,
      padWorkOrderId: locked ? p.padWorkOrderId : null,
      csrfToken: p.csrfToken,
    });

    app.get(
      '/auth/session',
      {
        config: access.authenticated({ allowPendingPasswordChange: true, usersOnly: true, allowSuspended: true }),
        schema: { tags: ['auth'], summary: 'The logged-in user', response: { 200: sessionResponse } },
      },
      async (req) => {
        const p = req.principal;
        if (p?.kind !== 'user') throw unauthorized();
        return sessionOf(p, p.suspended);
      },
    );

    app.post(
      '/auth/unlock',
      {
        config: {
          ...access.authenticated({ allowPendingPasswordChange: true, usersOnly: true, allowSuspended: true }),
          rateLimit: { max: 20, timeWindow: '1 minute' },
        },
        schema: {
          tags: ['auth'],
          summary: 'Unlock a session suspended by pad mode with its own password',
          description:
            'The password of the logged-in account, checked like a login: a wrong one is 400 `wrong_password` on ' +
            '`password` and counts towards the lockout (429 while locked). A session that is not suspended answers ' +
            'the same on success. Audited as `auth.unlocked`.',
          body: unlockBody,
          response: { 200: sessionResponse },
        },
      },
      async (req) => {
        const p = req.principal;
        if (p?.kind !== 'user') throw unauthorized();
        await reauthenticate(ctx.db, p.accountId, req.body.password, req.ip);
        if (p.suspended) {
          await resumeSession(ctx.db, p.sessionHash);
          await recordAudit(ctx.db, req.actor, {
            action: 'auth.unlocked',
            entityType: 'account',
            entityId: p.accountId,
            after: { padWorkOrderId: p.padWorkOrderId },
          });
        }
        return { ...sessionOf(p, false), padWorkOrderId: p.padWorkOrderId };
      },
    );

    app.post(
      '/auth/password',
      {
        config: access.authenticated({ allowPendingPasswordChange: true, usersOnly: true }),
        schema: {
          tags: ['auth'],
          summary: 'Change the own password (required after the first login)',
          body: changePasswordBody,
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        const p = req.principal;
        if (p?.kind !== 'user') throw unauthorized();
        await changePassword(ctx.db, req.actor, {
          accountId: p.accountId,
          currentPassword: req.body.currentPassword,
          newPassword: req.body.newPassword,
          keepSessionHash: p.sessionHash,
        });
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/auth/logout',
      {
        config: access.authenticated({ allowPendingPasswordChange: true, usersOnly: true, allowSuspended: true }),
        schema: { tags: ['auth'], summary: 'End the session', response: { 204: z.null() } },
      },
      async (req, reply) => {
        const p = req.principal;
        if (p?.kind === 'user') await deleteSession(ctx.db, p.sessionHash);
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        reply.clearCookie(CSRF_COOKIE, { path: '/' });
        return reply.code(204).send(null);
      },
    );
  };
