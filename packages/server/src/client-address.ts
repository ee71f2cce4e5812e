/**
 * Who is calling, when nobody signed in. A fetch handler sees no socket, so the runtime adapter
 * records the peer's address beside the `Request` object it builds. A header would not do: on a
 * runtime without our adapter (Next.js, a Worker) a client could send it and pick its own key.
 */

// Keyed by the Request object itself, so nothing a client sends can set or change it.
const addresses = new WeakMap<Request, string>();

/**
 * Records the address of the peer that sent `request`; adapters call it as they build the request.
 * Returns the same request.
 * @example
 * const request = rememberClientAddress(new Request(url, init), req.socket.remoteAddress);
 */
export function rememberClientAddress(request: Request, address: string | undefined): Request {
  if (address) addresses.set(request, address);
  return request;
}

/**
 * The socket address the runtime adapter recorded for `request` (`@inferkit/server/node` and the
 * Vite plugin do), or `undefined`. It is the TCP peer: behind a load balancer, that is the balancer.
 * @example
 * createInferenceProxy({ clientKey: (request) => clientAddressOf(request) ?? request.headers.get('cf-connecting-ip') ?? undefined });
 */
export function clientAddressOf(request: Request): string | undefined {
  return addresses.get(request);
}

/**
 * The key that per-IP limits count under. An IPv4-mapped IPv6 address counts as its IPv4 address,
 * and any other IPv6 address as its /64, the block one subscriber usually gets: counting single
 * IPv6 addresses would let one client rotate through 2^64 of them.
 * @example
 * addressKey('::ffff:203.0.113.7'); // '203.0.113.7'
 * addressKey('2001:db8:1:2:aaaa::1'); // '2001:db8:1:2::/64'
 */
export function addressKey(address: string): string {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (!bare.includes(':')) return bare;
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(bare);
  if (mapped) return mapped[1]!;
  const groups = expandIPv6(bare);
  if (!groups) return bare.toLowerCase();
  return `${groups
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(':')}::/64`;
}

/** The eight 16-bit groups of an IPv6 address, or `undefined` when it is not one. */
function expandIPv6(address: string): number[] | undefined {
  const halves = address.toLowerCase().split('::');
  if (halves.length > 2) return undefined;
  const parse = (part: string): number[] | undefined => {
    if (part === '') return [];
    const out: number[] = [];
    for (const piece of part.split(':')) {
      if (/^\d{1,3}(\.\d{1,3}){3}$/.test(piece)) {
        // An embedded IPv4 address fills the last two groups.
        const [a, b, c, d] = piece.split('.').map(Number) as [number, number, number, number];
        out.push((a << 8) | b, (c << 8) | d);
      } else if (/^[0-9a-f]{1,4}$/.test(piece)) {
        out.push(parseInt(piece, 16));
      } else {
        return undefined;
      }
    }
    return out;
  };
  const head = parse(halves[0]!);
  const tail = halves.length === 2 ? parse(halves[1]!) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  return [...head, ...Array<number>(missing).fill(0), ...tail];
}
