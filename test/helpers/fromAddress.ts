/**
 * HTTP requests from a chosen local address (127.0.0.2, 127.0.0.3, …: all loopback on
 * Linux), so a test can play an attacker on another network than its victim.
 *
 * @example
 * const res = await postFrom('127.0.0.2', server.url, '/api/auth/login', { email, password });
 * res.status // 401
 */
import http from 'node:http';

export interface AddressedResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: unknown;
}

export function postFrom(localAddress: string, baseUrl: string, path: string, json: unknown): Promise<AddressedResponse> {
  const url = new URL(path, baseUrl);
  const payload = JSON.stringify(json);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        localAddress,
        agent: false,
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload), Origin: baseUrl },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = text ? JSON.parse(text) : null;
          } catch {
            // not JSON
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
