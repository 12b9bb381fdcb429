import type os from 'node:os';
import { describe, expect, it } from 'vitest';
import { box, formatBanner, lanIPv4, localUrl } from './banner.js';

const iface = (address: string, internal = false): os.NetworkInterfaceInfo => ({
  address,
  netmask: '255.255.255.0',
  family: 'IPv4',
  mac: '00:00:00:00:00:00',
  internal,
  cidr: `${address}/24`,
});

const facts = {
  host: '0.0.0.0',
  port: 3000,
  publicBaseUrl: null,
  lanAddress: '192.168.1.20',
  database: 'embedded (PGlite) in /srv/data',
  adminPassword: null,
  demo: null,
};

describe('lanIPv4', () => {
  it('picks the private LAN address, not loopback, link-local, IPv6 or a VPN address', () => {
    expect(
      lanIPv4({
        lo: [iface('127.0.0.1', true)],
        tun0: [iface('100.64.3.2')],
        eth0: [{ ...iface('fe80::1'), family: 'IPv6', scopeid: 1 }, iface('169.254.10.1'), iface('192.168.1.20')],
      }),
    ).toBe('192.168.1.20');
    expect(lanIPv4({ wlan0: [iface('10.0.0.7')] })).toBe('10.0.0.7');
    expect(lanIPv4({ eth0: [iface('172.20.1.5')] })).toBe('172.20.1.5');
  });
  it('falls back to any external IPv4, and to null on a machine without a network', () => {
    expect(lanIPv4({ eth0: [iface('203.0.113.9')] })).toBe('203.0.113.9');
    expect(lanIPv4({ lo: [iface('127.0.0.1', true)] })).toBeNull();
    expect(lanIPv4({})).toBeNull();
  });
});

describe('formatBanner', () => {
  it('without PUBLIC_BASE_URL: names the LAN URL for phones and the exact command that puts it in links', () => {
    const text = formatBanner(facts);
    expect(text).toContain('Rateloop is running at http://localhost:3000');
    expect(text).toContain('API docs: http://localhost:3000/api/docs');
    expect(text).toContain('Links and QR codes point at http://localhost:3000');
    expect(text).toContain('Phones on the same network open http://192.168.1.20:3000');
    expect(text).toContain('PUBLIC_BASE_URL=http://192.168.1.20:3000 npm start');
    expect(text).not.toContain('First administrator');
  });

  it('with PUBLIC_BASE_URL: says links use it and gives no advice', () => {
    const text = formatBanner({ ...facts, publicBaseUrl: 'https://rate.example.com' });
    expect(text).toContain('Links and QR codes use PUBLIC_BASE_URL: https://rate.example.com');
    expect(text).not.toContain('Phones');
    expect(text).not.toContain('192.168.1.20');
  });

  it('listening on loopback only: phones cannot reach it, and the banner says how to change that', () => {
    const text = formatBanner({ ...facts, host: '127.0.0.1' });
    expect(text).toContain('Rateloop is running at http://127.0.0.1:3000');
    expect(text).toContain('Phones cannot reach HOST=127.0.0.1: start with HOST=0.0.0.0');
    expect(text).not.toContain('192.168.1.20');
  });

  it('no network address: asks for PUBLIC_BASE_URL', () => {
    expect(formatBanner({ ...facts, lanAddress: null })).toContain('No network address found for phones');
  });

  it('prints the one-time admin password last, boxed, after the demo logins', () => {
    const text = formatBanner({
      ...facts,
      demo: '  Demo organisation loaded. Demo logins (password for all: rateloop-demo):',
      adminPassword: 'Xy7-secret-pass',
    });
    const lines = text.trimEnd().split('\n');
    const top = lines.findIndex((l) => l.includes('┌'));
    expect(top).toBeGreaterThan(lines.findIndex((l) => l.includes('Demo logins')));
    expect(lines.at(-1)).toMatch(/^ {2}└─+┘$/);
    const boxed = lines.slice(top);
    expect(boxed.join('\n')).toContain('First administrator');
    expect(boxed.some((l) => l.includes('password: Xy7-secret-pass'))).toBe(true);
    expect(new Set(boxed.map((l) => l.length)).size).toBe(1);
  });
});

describe('helpers', () => {
  it('localUrl: a wildcard host is opened as localhost; IPv6 is bracketed', () => {
    expect(localUrl('0.0.0.0', 8080)).toBe('http://localhost:8080');
    expect(localUrl('::', 8080)).toBe('http://localhost:8080');
    expect(localUrl('::1', 8080)).toBe('http://[::1]:8080');
    expect(localUrl('10.0.0.2', 80)).toBe('http://10.0.0.2:80');
  });
  it('box: every line the same width', () => {
    expect(box(['a', 'abc'])).toEqual(['  ┌─────┐', '  │ a   │', '  │ abc │', '  └─────┘']);
  });
});
