import '../support/no-network.js';
import { afterAll, describe, expect, it } from 'vitest';
import { apiLogin } from '../support/http-session.js';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';

/**
 * #14: the delivery job of a completed work order is written by the completing transaction. The server is killed
 * (SIGKILL) the moment the completion is acknowledged — before its workers can have picked the job up — and the
 * invitation is still delivered, once, by the server started again on the same data.
 */
const NEW_PASSWORD = 'crash-after-commit-42';
const PHONE = '+8613800138777';

async function call(url: string, headers: Record<string, string>, method: string, path: string, body?: unknown) {
  const res = await fetch(`${url}/api/v1${path}`, { method, headers, body: body ? JSON.stringify(body) : undefined });
  const json = res.status === 204 ? null : await res.json();
  if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(json)}`);
  return json;
}

describe('a crash right after a work order completes', () => {
  let server: ServerProcess | null = null;
  afterAll(async () => {
    await server?.stop();
  });

  it('loses no invitation: it is delivered once after the restart', { timeout: 300_000 }, async () => {
    const env = { SANDBOX_CHANNEL_ENABLED: 'true' };
    server = await startServerProcess({ env, timeoutMs: 180_000 });
    const first = await apiLogin(server.url, 'admin', server.adminPassword);
    await call(server.url, first.headers, 'POST', '/auth/password', {
      currentPassword: server.adminPassword,
      newPassword: NEW_PASSWORD,
    });
    const { headers } = await apiLogin(server.url, 'admin', NEW_PASSWORD);
    await call(server.url, headers, 'POST', '/channel-configs', { provider: 'sandbox_sms', name: 'SMS', settings: {} });
    const templates = await call(server.url, headers, 'GET', '/rating-templates?limit=10');
    const template = (templates.items as { id: string; isDefault: boolean }[]).find((x) => x.isDefault)!;
    await call(server.url, headers, 'POST', '/rating-rules', {
      name: 'SMS',
      templateId: template.id,
      channels: ['sms'],
    });
    const st = await call(server.url, headers, 'POST', '/service-types', { name: 'Repair', code: 'crash-commit' });
    await call(server.url, headers, 'PUT', `/service-types/${st.id}/workflow`, {
      nodes: [{ type: 'rating', mode: 'rule', mandatory: false }],
    });
    const wo = await call(server.url, headers, 'POST', '/work-orders', {
      subject: 'Crash right after the commit',
      serviceTypeId: st.id,
      customer: { name: 'Li Lei', phone: PHONE, locale: 'en' },
      status: 'in_service',
    });

    await call(server.url, headers, 'PATCH', `/work-orders/${wo.id}`, { status: 'completed' });
    await server.kill();
    const dataDir = server.dataDir;
    server = null;

    server = await startServerProcess({ env, dataDir, timeoutMs: 180_000 });
    const again = await apiLogin(server.url, 'admin', NEW_PASSWORD);
    const deadline = Date.now() + 120_000;
    let items: { id: string; status: string }[] = [];
    for (;;) {
      ({ items } = await call(server.url, again.headers, 'GET', `/work-orders/${wo.id}/invitations`));
      if (items[0]?.status === 'delivered') break;
      if (Date.now() > deadline) throw new Error(`not delivered: ${JSON.stringify(items)}\n${server.output()}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(items).toHaveLength(1);
    const inbox = await call(server.url, again.headers, 'GET', '/sandbox/messages?limit=100');
    const toPhone = (inbox.items as { to: string }[]).filter((m) => JSON.stringify(m).includes(PHONE));
    expect(toPhone).toHaveLength(1);
  });
});
