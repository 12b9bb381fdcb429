import net from 'node:net';

/** One entry of an allow-list setting: an address (`10.0.0.7`, `::1`) or a CIDR range (`10.0.0.0/8`, `fd00::/8`). */
interface AllowEntry {
  address: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
}

function parseEntry(text: string): AllowEntry | null {
  const [address = '', prefixText, ...rest] = text.split('/');
  if (rest.length > 0) return null;
  const version = net.isIP(address);
  if (version === 0) return null;
  const family = version === 4 ? 'ipv4' : 'ipv6';
  const max = version === 4 ? 32 : 128;
  if (prefixText === undefined) return { address, prefix: max, family };
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > max) return null;
  return { address, prefix: Number(prefixText), family };
}

const entriesOf = (value: string) =>
  value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);

/** True when every comma-separated entry is an IP address or a CIDR range (the setting's validation). */
export function isIpAllowList(value: string): boolean {
  return entriesOf(value).every((entry) => parseEntry(entry) !== null);
}

/**
 * A matcher for a comma-separated allow-list (`127.0.0.1, 10.0.0.0/8, ::1`), on node's `net.BlockList`. An IPv4
 * client seen by a dual-stack listener as `::ffff:10.1.2.3` is matched as the IPv4 address it is.
 */
export function ipAllowList(value: string | undefined): (ip: string) => boolean {
  const list = new net.BlockList();
  let empty = true;
  for (const text of entriesOf(value ?? '')) {
    const entry = parseEntry(text);
    if (!entry) throw new Error(`Not an IP address or CIDR range: ${text}`);
    list.addSubnet(entry.address, entry.prefix, entry.family);
    empty = false;
  }
  if (empty) return () => false;
  return (ip) => {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1];
    const address = mapped ?? ip;
    const version = net.isIP(address);
    if (version === 0) return false;
    return list.check(address, version === 4 ? 'ipv4' : 'ipv6');
  };
}
