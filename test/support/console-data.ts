import { apiLogin } from './http-session.js';

/** JSON over HTTP with a console session's headers; throws on a non-2xx answer (naming it). */
// biome-ignore lint/suspicious/noExplicitAny: test data of many shapes, read by the test that asked for it
export async function callApi<T = any>(
  url: string,
  headers: Record<string, string>,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const res = await fetch(`${url}/api/v1${path}`, { method, headers, body: body ? JSON.stringify(body) : undefined });
  const json = res.status === 204 ? null : await res.json();
  if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(json)}`);
  return json as T;
}

/** The admin's API session after the first-login password change done in the browser. */
export const adminHeaders = async (url: string, password: string) => (await apiLogin(url, 'admin', password)).headers;

/** A service type whose rating node is a QR code on the default template (the engineer shows it on site). */
export async function qrServiceType(url: string, headers: Record<string, string>, name: string) {
  const code = `qr${Date.now()}`;
  const st = await callApi<{ id: string }>(url, headers, 'POST', '/service-types', { name, code });
  const templates = await callApi<{ items: { id: string; isDefault: boolean }[] }>(
    url,
    headers,
    'GET',
    '/rating-templates',
  );
  const templateId = templates.items.find((template) => template.isDefault)?.id;
  await callApi(url, headers, 'PUT', `/service-types/${st.id}/workflow`, {
    nodes: [{ type: 'rating', mode: 'qr', templateId }],
  });
  return { ...st, templateId: templateId! };
}

/**
 * The whole delivery set-up by SMS: a sandbox SMS channel (the server needs SANDBOX_CHANNEL_ENABLED=true), a rating
 * rule sending the default template by SMS, and a service type whose workflow asks the rules.
 */
export async function smsRuleServiceType(
  url: string,
  headers: Record<string, string>,
  serviceType: { name: string; code: string },
) {
  await callApi(url, headers, 'POST', '/channel-configs', {
    provider: 'sandbox_sms',
    name: 'Sandbox SMS',
    settings: {},
  });
  const templates = await callApi<{ items: { id: string; isDefault: boolean }[] }>(
    url,
    headers,
    'GET',
    '/rating-templates?limit=10',
  );
  const template = templates.items.find((x) => x.isDefault)!;
  await callApi(url, headers, 'POST', '/rating-rules', {
    name: 'Everything by SMS',
    templateId: template.id,
    channels: ['sms'],
  });
  const st = await callApi<{ id: string }>(url, headers, 'POST', '/service-types', serviceType);
  await callApi(url, headers, 'PUT', `/service-types/${st.id}/workflow`, {
    nodes: [{ type: 'rating', mode: 'rule', mandatory: false }],
  });
  return st;
}

/** An engineer with a console login; returns the employee and the one-time initial password. */
export async function engineerWithLogin(url: string, headers: Record<string, string>, username: string) {
  const created = await callApi<{ employee: { id: string }; initialPassword: string }>(
    url,
    headers,
    'POST',
    '/employees',
    { employeeNo: `E${Date.now()}`, name: '王师傅', roles: ['engineer'], login: { username } },
  );
  return { id: created.employee.id, initialPassword: created.initialPassword };
}

const TO_COMPLETED = ['assigned', 'in_service', 'completed'] as const;

/**
 * A QR work order (`workOrder`: the POST body, `serviceTypeId` of a `qrServiceType`) moved on to completed and rated
 * by its customer through the public API, as a phone would; throws unless the rating is accepted (201).
 */
export async function rateQrWorkOrder(
  url: string,
  headers: Record<string, string>,
  workOrder: Record<string, unknown> & { serviceTypeId: string },
  answers: Record<string, unknown>,
): Promise<{ workOrderId: string; number: string; ratingId: string }> {
  const wo = await callApi(url, headers, 'POST', '/work-orders', {
    customer: { name: '李女士', phone: '13800001111', locale: 'zh-CN' },
    ...workOrder,
  });
  const start = TO_COMPLETED.indexOf(workOrder.status as (typeof TO_COMPLETED)[number]) + 1;
  for (const status of TO_COMPLETED.slice(start)) {
    await callApi(url, headers, 'PATCH', `/work-orders/${wo.id}`, { status });
  }
  const invitations = await callApi(url, headers, 'GET', `/work-orders/${wo.id}/invitations`);
  const token = String(invitations.items[0].url).split('/r/')[1];
  const submitted = await fetch(`${url}/api/v1/public/invitations/${token}/ratings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ answers }),
  });
  if (submitted.status !== 201) throw new Error(`rating ${wo.number}: ${submitted.status} ${await submitted.text()}`);
  return { workOrderId: String(wo.id), number: String(wo.number), ratingId: String((await submitted.json()).id) };
}
