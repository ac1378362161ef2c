/**
 * The SSRF guard for webhooks: a URL whose host resolves to a loopback, private,
 * link-local (or otherwise non-public) address is refused, unless the host is listed in
 * WEBHOOK_ALLOW_HOSTS. The check runs when a webhook is registered and again inside every
 * delivery's DNS lookup, so a name that later re-resolves to 127.0.0.1 is still refused.
 */
import dns from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

const blocked = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  blocked.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  blocked.addSubnet(network, prefix, 'ipv6');
}

/** Is `address` (v4 or v6, v4-mapped included) outside the public internet? */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return blocked.check(mapped[1]!, 'ipv4');
  const family = isIP(address);
  if (family === 0) return true;
  return blocked.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** The URL's host as compared with WEBHOOK_ALLOW_HOSTS (lowercase, IPv6 without brackets). */
export function hostOf(url: URL): string {
  return url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
}

export class BlockedAddressError extends Error {
  override readonly name = 'BlockedAddressError';
}

/** Resolves the URL's host and throws BlockedAddressError when any address is private (and the host is not allowed). */
export async function assertPublicUrl(url: URL, allowHosts: readonly string[]): Promise<void> {
  const host = hostOf(url);
  if (allowHosts.includes(host)) return;
  const addresses = isIP(host) ? [{ address: host }] : await dns.promises.lookup(host, { all: true });
  const bad = addresses.find((a) => isPrivateAddress(a.address));
  if (bad) throw new BlockedAddressError(`${host} resolves to ${bad.address}, a private address`);
}

/** A `lookup` for http.request that refuses private addresses for hosts not allowed. */
export function guardedLookup(allowHosts: readonly string[]): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const list = addresses as dns.LookupAddress[];
      const allowed = allowHosts.includes(hostname.toLowerCase());
      const bad = allowed ? undefined : list.find((a) => isPrivateAddress(a.address));
      if (bad) return callback(new BlockedAddressError(`${hostname} resolves to ${bad.address}, a private address`), '', 0);
      if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      const first = list[0];
      if (!first) return callback(new Error(`no address for ${hostname}`), '', 0);
      callback(null, first.address, first.family);
    });
  };
}
