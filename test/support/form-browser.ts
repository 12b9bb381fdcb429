import type { FastifyInstance } from 'fastify';

/**
 * A cookie-keeping client for the server-rendered customer pages (portal, rating page): GETs and form POSTs through
 * `app.inject` from one client address, keeping and dropping cookies as a browser would (path aside).
 */
export class FormBrowser {
  cookies = new Map<string, string>();
  constructor(
    readonly app: FastifyInstance,
    readonly ip: string,
    readonly headers: Record<string, string> = {},
  ) {}
  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  private keep(res: { headers: Record<string, unknown> }) {
    const set = res.headers['set-cookie'];
    for (const line of [set ?? []].flat() as string[]) {
      const [pair = ''] = line.split(';');
      const [name = '', ...value] = pair.split('=');
      if (/Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(line) || value.join('=') === '') this.cookies.delete(name);
      else this.cookies.set(name, value.join('='));
    }
  }
  async get(url: string) {
    const res = await this.app.inject({
      method: 'GET',
      url,
      remoteAddress: this.ip,
      headers: { accept: 'text/html', ...this.headers, cookie: this.cookieHeader() },
    });
    this.keep(res);
    return res;
  }
  async post(url: string, form: Record<string, string>) {
    const res = await this.app.inject({
      method: 'POST',
      url,
      remoteAddress: this.ip,
      payload: new URLSearchParams(form).toString(),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...this.headers,
        cookie: this.cookieHeader(),
      },
    });
    this.keep(res);
    return res;
  }
}
