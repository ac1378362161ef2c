/**
 * HTTP errors with a machine-readable code, answered as `{error: {code, message}}`.
 * Throw an HttpError from any handler (Express 5 forwards async rejections here).
 */
import { WriteRateLimitedError } from '../sync/TokenBucket';
import type { Duplex } from 'node:stream';
import { STATUS_CODES } from 'node:http';
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { log } from '../log';
import { isStoreError } from '../store/errors';
import { countAuthFailure } from '../metrics/metrics';

export class HttpError extends Error {
  override readonly name = 'HttpError';

  /**
   * @example throw new HttpError(404, 'not_found', 'No such board');
   */
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Extra response headers, e.g. `{'Retry-After': '900'}`. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Writes the standard error body. */
export function sendError(res: Response, status: number, code: string, message: string): void {
  countAuthFailure('http', status, code);
  res.status(status).json({ error: { code, message } });
}

/** 404 for any /api path no router answered. */
export const apiNotFound: RequestHandler = (req, res) => {
  sendError(res, 404, 'not_found', `No route ${req.method} ${req.baseUrl}${req.path}`);
};

interface BodyParserError {
  type?: unknown;
  status?: unknown;
  expose?: unknown;
}

/**
 * The last middleware: HttpError as is; body-parser failures as 400 `bad_json` / 413
 * `too_large` / 415; a badly encoded path as 400; StoreError codes as 404/409/503; anything
 * else 500, logged with where.
 */
export function errorHandler(): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) return next(err);
    if (err instanceof HttpError) {
      res.set(err.headers);
      return sendError(res, err.status, err.code, err.message);
    }
    const parserError = (typeof err === 'object' && err !== null ? err : {}) as BodyParserError;
    switch (parserError.type) {
      case 'entity.parse.failed':
        return sendError(res, 400, 'bad_json', 'The request body is not valid JSON');
      case 'entity.too.large':
        return sendError(res, 413, 'too_large', 'The request body is too large');
      case 'encoding.unsupported':
      case 'charset.unsupported':
        return sendError(res, 415, 'unsupported_encoding', 'Unsupported request body encoding');
      case 'request.aborted':
        return sendError(res, 400, 'aborted', 'The request was aborted');
    }
    // The router throws a URIError (status 400, not exposed) for a path parameter that is
    // not valid percent-encoding, e.g. /api/boards/%ZZ: the client's mistake, not a 500.
    if (err instanceof URIError) return sendError(res, 400, 'bad_request', 'path: not valid percent-encoding');
    if (err instanceof WriteRateLimitedError) {
      res.set('Retry-After', '1');
      return sendError(res, 429, 'rate_limited', err.message);
    }
    if (isStoreError(err, 'not_found')) return sendError(res, 404, 'not_found', err.message);
    if (isStoreError(err, 'email_taken')) return sendError(res, 409, 'email_taken', err.message);
    if (isStoreError(err, 'conflict')) return sendError(res, 409, 'conflict', err.message);
    if (isStoreError(err, 'unavailable')) return sendError(res, 503, 'unavailable', 'The store is unavailable; try again');
    const status = typeof parserError.status === 'number' ? parserError.status : 500;
    if (status >= 400 && status < 500 && parserError.expose === true) {
      return sendError(res, status, 'bad_request', STATUS_CODES[status] ?? 'Bad request');
    }
    log.error('http', `${req.method} ${req.originalUrl} failed`, {
      error: err instanceof Error ? (err.stack ?? err.message) : String(err),
    });
    return sendError(res, 500, 'internal', 'Internal server error');
  };
}

/**
 * Refuses a WebSocket upgrade with a plain HTTP response before any protocol
 * message flows, then closes the socket.
 *
 * @example rejectUpgrade(socket, 401, 'unauthorized', 'Sign in first');
 */
export function rejectUpgrade(socket: Duplex, status: number, code: string, message: string): void {
  countAuthFailure('websocket', status, code);
  if (socket.writable) {
    const body = JSON.stringify({ error: { code, message } });
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n` +
        'Connection: close\r\n' +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        '\r\n' +
        body,
    );
  }
  socket.destroy();
}
