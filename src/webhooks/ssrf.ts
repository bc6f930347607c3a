import dns from 'node:dns';
import net from 'node:net';
import ipaddr from 'ipaddr.js';
import { Agent, buildConnector } from 'undici';

/**
 * Webhook URLs are chosen by API users, so deliveries must not become a way to reach the
 * platform's own network (SSRF). Addresses are classified here and enforced at connect time.
 */

/** The switch an operator needs for receivers on their own network, named wherever a URL is refused. */
const PRIVATE_NETWORKS_HINT =
  'set WEBHOOKS_ALLOW_PRIVATE_NETWORKS=true to deliver to receivers on a private network, such as a local test receiver';

/** Raised (as the request's rejection) when a delivery would connect to a forbidden address. */
export class SsrfError extends Error {
  readonly code = 'ESSRF';
  constructor(
    readonly hostname: string,
    readonly address: string,
  ) {
    super(
      `refusing to connect to ${hostname} (${address}): private, loopback or reserved address ` +
        `(${PRIVATE_NETWORKS_HINT}; cloud metadata addresses stay refused)`,
    );
    this.name = 'SsrfError';
  }
}

/**
 * Cloud instance-metadata endpoints. Most already fall in a forbidden range; they are listed so they
 * stay blocked even when `allowPrivateNetworks` is on (a LAN receiver never needs them, and they hand
 * out credentials). 168.63.129.16 (Azure WireServer) is a public-range address, hence explicit.
 */
const METADATA_ADDRESSES = new Set(
  ['169.254.169.254', 'fd00:ec2::254', '168.63.129.16', '100.100.100.200'].map(normalize),
);

function normalize(ip: string): string {
  return ipaddr.parse(ip).toNormalizedString();
}

function parse(ip: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  const bare = ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
  try {
    return ipaddr.parse(bare);
  } catch {
    return null;
  }
}

function lowIPv4(addr: ipaddr.IPv6, high: number, low: number): ipaddr.IPv4 {
  const p = addr.parts;
  const a = p[high] ?? 0;
  const b = p[low] ?? 0;
  return new ipaddr.IPv4([a >> 8, a & 0xff, b >> 8, b & 0xff]);
}

/** The IPv4 address an IPv6 address stands for when it embeds one (mapped, translated, NAT64, 6to4). */
function embeddedIPv4(addr: ipaddr.IPv6): ipaddr.IPv4 | null {
  switch (addr.range()) {
    case 'ipv4Mapped':
    case 'rfc6145':
      return lowIPv4(addr, 6, 7);
    case 'rfc6052':
      // Only the well-known 64:ff9b::/96 prefix carries the IPv4 address in the last 32 bits;
      // the local-use 64:ff9b:1::/48 has site-specific layouts and stays forbidden (null).
      return addr.match(ipaddr.IPv6.parse('64:ff9b::'), 96) ? lowIPv4(addr, 6, 7) : null;
    case '6to4':
      return lowIPv4(addr, 1, 2);
    default:
      return null;
  }
}

const GLOBAL_UNICAST_V6 = ipaddr.IPv6.parse('2000::');

function forbiddenParsed(addr: ipaddr.IPv4 | ipaddr.IPv6): boolean {
  if (METADATA_ADDRESSES.has(addr.toNormalizedString())) return true;
  if (addr.kind() === 'ipv4') {
    // Allow-list rather than deny-list: anything ipaddr.js does not call plain unicast (loopback,
    // private, link-local, CGNAT, 0.0.0.0/8, multicast, broadcast, reserved, benchmarking, …) is refused,
    // so a range added to ipaddr.js later fails closed.
    return addr.range() !== 'unicast';
  }
  const v6 = addr as ipaddr.IPv6;
  const range = v6.range();
  if (range === 'ipv4Mapped' || range === 'rfc6145' || range === 'rfc6052' || range === '6to4') {
    const v4 = embeddedIPv4(v6);
    return v4 === null || forbiddenParsed(v4);
  }
  // Every publicly routed IPv6 address is in 2000::/3. Requiring it also refuses the deprecated
  // IPv4-compatible ::a.b.c.d form, which ipaddr.js reports as unicast.
  return range !== 'unicast' || !v6.match(GLOBAL_UNICAST_V6, 3);
}

/**
 * True when `ip` must not be a webhook destination: loopback, private (RFC 1918), link-local, CGNAT,
 * unique-local, unspecified (incl. 0.0.0.0/8), multicast, broadcast, reserved/documentation/benchmark
 * ranges, non-global IPv6, IPv6 forms embedding any of those IPv4 addresses (mapped, translated,
 * NAT64, 6to4), and cloud metadata addresses. Unparseable input is forbidden (fail closed).
 */
export function isForbiddenAddress(ip: string): boolean {
  const addr = parse(ip);
  return addr === null || forbiddenParsed(addr);
}

/** True for cloud metadata endpoints, also when written as an IPv4-mapped/embedded IPv6 address. */
export function isMetadataAddress(ip: string): boolean {
  const addr = parse(ip);
  if (addr === null) return false;
  if (METADATA_ADDRESSES.has(addr.toNormalizedString())) return true;
  const v4 = addr.kind() === 'ipv6' ? embeddedIPv4(addr as ipaddr.IPv6) : null;
  return v4 !== null && METADATA_ADDRESSES.has(v4.toNormalizedString());
}

function isBlocked(ip: string, allowPrivateNetworks: boolean): boolean {
  return allowPrivateNetworks ? isMetadataAddress(ip) : isForbiddenAddress(ip);
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | dns.LookupAddress[],
  family?: number,
) => void;

/** Node's `net.LookupFunction`, spelled out so the resolver can be injected in tests. */
export type LookupFunction = (hostname: string, options: dns.LookupOptions, callback: LookupCallback) => void;

type AllLookup = (
  hostname: string,
  options: dns.LookupAllOptions,
  callback: (err: NodeJS.ErrnoException | null, addresses: dns.LookupAddress[]) => void,
) => void;

/**
 * A `lookup` for `net.connect` that resolves with `resolve` (default `dns.lookup`) and refuses the
 * connection if ANY returned address is forbidden. Every address is checked, not just the first,
 * because with happy-eyeballs (`autoSelectFamily`, on by default in Node 20) the socket may try each
 * of them; a name mixing public and internal records is treated as hostile.
 */
export function createSsrfLookup(
  allowPrivateNetworks: boolean,
  resolve: AllLookup = dns.lookup,
): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) {
        callback(err, []);
        return;
      }
      const blocked = addresses.find((a) => isBlocked(a.address, allowPrivateNetworks));
      if (blocked) {
        callback(new SsrfError(hostname, blocked.address), []);
        return;
      }
      const first = addresses[0];
      if (options.all) {
        callback(null, addresses);
      } else if (first) {
        callback(null, first.address, first.family);
      } else {
        const empty: NodeJS.ErrnoException = new Error(`no addresses for ${hostname}`);
        empty.code = 'ENOTFOUND';
        callback(empty, []);
      }
    });
  };
}

export interface WebhookDispatcherOptions {
  allowPrivateNetworks: boolean;
  /** TCP + TLS connect timeout; undici's default is 10 s. */
  connectTimeoutMs?: number;
  /** Certificate authorities to trust instead of Node's (tests' self-signed servers). */
  ca?: string | Buffer;
}

/**
 * An undici Agent for webhook deliveries that enforces the address policy on the socket itself:
 * - hostnames are resolved through `createSsrfLookup`, so the address checked is the one connected
 *   to — no second resolution an attacker could rebind between check and use;
 * - IP-literal hosts skip `lookup` inside `net.connect`, so the connector checks them itself.
 *
 * Redirects: undici 7 has no `maxRedirections` Agent option; `request()` does not follow redirects
 * unless the redirect interceptor is composed in, which we never do (BRIEF §11: not followed).
 */
export function createWebhookDispatcher({
  allowPrivateNetworks,
  connectTimeoutMs,
  ca,
}: WebhookDispatcherOptions): Agent {
  const baseConnect = buildConnector({
    lookup: createSsrfLookup(allowPrivateNetworks),
    ...(connectTimeoutMs === undefined ? {} : { timeout: connectTimeoutMs }),
    ...(ca === undefined ? {} : { ca }),
  });
  const connect: buildConnector.connector = (options, callback) => {
    const host =
      options.hostname.startsWith('[') && options.hostname.endsWith(']')
        ? options.hostname.slice(1, -1)
        : options.hostname;
    if (net.isIP(host) !== 0 && isBlocked(host, allowPrivateNetworks)) {
      // Asynchronously, like undici's own connector.
      process.nextTick(() => callback(new SsrfError(host, host), null));
      return;
    }
    baseConnect(options, callback);
  };
  return new Agent({ connect });
}

const privateAddressMessage = `url must not point to a private or reserved address; ${PRIVATE_NETWORKS_HINT}`;

/**
 * Checks a webhook URL when it is registered; returns an error message, or null when acceptable.
 * Hostnames cannot be judged here (DNS can change later) — the dispatcher enforces them on connect.
 */
export function validateWebhookUrl(url: string, allowPrivateNetworks: boolean): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'url must be a valid absolute URL';
  }
  if (parsed.protocol !== 'https:' && !(allowPrivateNetworks && parsed.protocol === 'http:')) {
    if (allowPrivateNetworks) return 'url must use http or https';
    return parsed.protocol === 'http:'
      ? `url must use https; plain http is accepted only with WEBHOOKS_ALLOW_PRIVATE_NETWORKS=true (for receivers on a private network)`
      : 'url must use https';
  }
  if (parsed.username !== '' || parsed.password !== '') {
    return 'url must not contain credentials';
  }
  // WHATWG URL already normalised IPv4 shorthand (0177.1, 2130706433) to dotted quad.
  const host = parsed.hostname.startsWith('[') ? parsed.hostname.slice(1, -1) : parsed.hostname;
  if (host === '') return 'url must have a host';
  if (net.isIP(host) !== 0) {
    if (isMetadataAddress(host)) {
      return 'url must not point to a cloud metadata address (refused even with WEBHOOKS_ALLOW_PRIVATE_NETWORKS)';
    }
    if (isBlocked(host, allowPrivateNetworks)) return privateAddressMessage;
  } else if (!allowPrivateNetworks) {
    // RFC 6761: *.localhost always resolves to loopback; refuse it now rather than on every delivery.
    const name = host.replace(/\.$/, '').toLowerCase();
    if (name === 'localhost' || name.endsWith('.localhost')) return privateAddressMessage;
  }
  return null;
}
