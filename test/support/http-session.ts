import pg from 'pg';
import { adminUrl, dropPostgresDatabase, randomDbName } from './template-db.js';

/** Logs in over HTTP like the console does; returns the headers of that session (cookie + CSRF + JSON). */
export async function apiLogin(baseUrl: string, username: string, password: string) {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`login as ${username} failed: ${res.status} ${await res.text()}`);
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]!);
  const csrf = cookies.find((c) => c.startsWith('rl_csrf='))!.split('=')[1]!;
  const body = (await res.json()) as { mustChangePassword: boolean };
  return {
    headers: { cookie: cookies.join('; '), 'x-csrf-token': csrf, 'content-type': 'application/json' },
    mustChangePassword: body.mustChangePassword,
  };
}

/** An empty PostgreSQL database on the TEST_DATABASE_URL server, for tests that start whole processes on it. */
export async function createScratchDatabase(serverUrl: string, prefix: string) {
  const name = randomDbName(prefix);
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  return { name, url: adminUrl(serverUrl, name), drop: () => dropPostgresDatabase(serverUrl, name) };
}
