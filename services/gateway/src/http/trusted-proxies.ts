import { isIP } from 'node:net';

/** proxy-addr's names for well-known ranges, allowed beside addresses and CIDRs. */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** Why an entry of TRUSTED_PROXIES is not an address, a CIDR range or a named range, if it is not. */
export function trustedProxyIssue(entry: string): string | undefined {
  if (NAMED_RANGES.has(entry)) return undefined;
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (!family || rest.length) return `${entry} is not an IP address or a CIDR range`;
  if (prefix === undefined) return undefined;
  const bits = Number(prefix);
  const max = family === 4 ? 32 : 128;
  if (!/^\d{1,3}$/.test(prefix) || bits > max) return `${entry} has a prefix length beyond /${max}`;
  return undefined;
}

/** `"10.0.0.0/8, 192.168.1.5"` as a list (empty: trust no proxy). */
export function parseTrustedProxies(value: string): string[] {
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
}
