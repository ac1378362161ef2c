/**
 * The address a request came from, for per-address limits (sign-in throttle, connection caps).
 * Behind one reverse proxy (TRUST_PROXY=1) that is the last X-Forwarded-For entry, the one the
 * proxy itself wrote, as Express's `trust proxy = 1` reads it; otherwise the socket's peer, so a
 * client that sends its own X-Forwarded-For cannot pick a fresh address for every attempt.
 */
import type { IncomingMessage } from 'node:http';

export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  const peer = req.socket.remoteAddress ?? 'unknown';
  if (!trustProxy) return peer;
  const header = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',');
  return hops.at(-1)?.trim() || peer;
}
