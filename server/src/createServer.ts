/**
 * The server factory: Express (REST + static client), Socket.IO, the WebSocket upgrade
 * router and the store, wired from one Config. It does not listen until `listen()`;
 * tests start it on port 0 with a temporary DATA_DIR.
 *
 * @example
 * const server = await createServer({ port: 0, dataDir });
 * await server.listen();
 * await fetch(`${server.url()}/api/health`);
 * await server.close();
 */
import http, { type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import express, { Router, type Express } from 'express';
import { Server as IoServer, type DefaultEventsMap } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/src/events';
import { createIdentify, hasAuthorization, type Identify, type Identity } from './auth/identify';
import { isAllowedOrigin, originGuard } from './auth/origin';
import { createPasswordHasher, type PasswordHasher } from './auth/passwords';
import { createSessions, type Sessions } from './auth/sessions';
import { LoginThrottle } from './auth/throttle';
import { hostForUrl, resolveConfig, type Config } from './config';
import { createAuthRouter } from './http/auth';
import { apiNotFound, errorHandler, rejectUpgrade } from './http/errors';
import { createHealthRouter } from './http/health';
import { createStaticRouter } from './http/static';
import { createTokensRouter } from './http/tokens';
import { createStore } from './store/index';
import type { Store } from './store/Store';

/** Per-socket data on the Socket.IO server (set by the realtime handshake middleware). */
export interface SocketData {
  identity?: Identity;
}

export type TrancheIo = IoServer<ClientToServerEvents, ServerToClientEvents, DefaultEventsMap, SocketData>;

/** What routers, the sync hub and the realtime layer are built from. */
export interface ServerContext {
  config: Config;
  store: Store;
  identify: Identify;
  passwords: PasswordHasher;
  sessions: Sessions;
  io: TrancheIo;
  /** PUBLIC_ORIGIN, or this server's own URL when it is unset. Origin checks compare against it. */
  publicOrigin(): string;
  /** Registers work for `close()` (e.g. flush rooms); hooks run newest first, before sockets close. */
  onClose(hook: () => Promise<void> | void): void;
}

export interface TrancheServer {
  httpServer: http.Server;
  io: TrancheIo;
  store: Store;
  app: Express;
  config: Config;
  context: ServerContext;
  /** Starts listening on config.port/host; resolves with `url()`. */
  listen(): Promise<string>;
  /** `http://<host>:<port>` of the listening socket (throws before `listen()`). */
  url(): string;
  /** PUBLIC_ORIGIN, or `url()` when unset. */
  publicOrigin(): string;
  /** Runs close hooks, closes Socket.IO, every socket, the HTTP server, then the store. Idempotent. */
  close(): Promise<void>;
}

/** How long in-flight HTTP requests get to finish during close() before their sockets are cut. */
const CLOSE_GRACE_MS = 2_000;

export async function createServer(partial: Partial<Config> = {}): Promise<TrancheServer> {
  const config = resolveConfig(partial);
  const store = await createStore(config);
  const httpServer = http.createServer();

  const url = (): string => {
    const address = httpServer.address() as AddressInfo | string | null;
    if (address === null || typeof address === 'string') throw new Error('The server is not listening');
    const unspecified = config.host === '0.0.0.0' || config.host === '::' || config.host === '';
    return `http://${unspecified ? '127.0.0.1' : hostForUrl(config.host)}:${address.port}`;
  };
  const publicOrigin = (): string => config.publicOrigin ?? url();

  const closeHooks: (() => Promise<void> | void)[] = [];
  const identify = createIdentify(store);
  const passwords = createPasswordHasher(config.scrypt, config.hashConcurrency);
  const sessions = createSessions(store, {
    ttlMs: config.sessionTtlMs,
    secure: () => publicOrigin().startsWith('https:'),
  });
  const throttle = new LoginThrottle({ maxFailures: config.loginMaxFailures, lockMs: config.loginLockMs });

  const io: TrancheIo = new IoServer(httpServer, {
    path: '/socket.io',
    serveClient: false,
    // We route upgrades ourselves (below); never let engine.io end sockets of other paths.
    destroyUpgrade: false,
    // A browser carries the session cookie to this handshake from any page: check Origin.
    allowRequest: (req, callback) => callback(null, hasAuthorization(req) || isAllowedOrigin(req, publicOrigin())),
  });
  // engine.io attached its own 'upgrade' listener; take it off so exactly one router decides.
  for (const listener of httpServer.listeners('upgrade')) httpServer.removeListener('upgrade', listener as never);

  const context: ServerContext = {
    config,
    store,
    identify,
    passwords,
    sessions,
    io,
    publicOrigin,
    onClose: (hook) => void closeHooks.push(hook),
  };

  const app = createApp(context, throttle);
  httpServer.on('request', app);
  attachRealtime(io, context);
  if (shouldSeedDemo(config, store)) await seedDemo(context);

  // ── The one upgrade router ─────────────────────────────────────────────
  const upgraded = new Set<Duplex>();
  httpServer.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy()); // a reset client must not crash the process
    upgraded.add(socket);
    socket.once('close', () => upgraded.delete(socket));
    const path = pathnameOf(req);
    if (path === '/socket.io' || path.startsWith('/socket.io/')) {
      io.engine.handleUpgrade(req, socket, head);
    } else if (path === '/yjs' || path.startsWith('/yjs/')) {
      handleYjsUpgrade(req, socket, head, context);
    } else {
      rejectUpgrade(socket, 404, 'not_found', 'No WebSocket endpoint here');
    }
  });

  const sockets = new Set<Socket>();
  httpServer.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      for (const hook of [...closeHooks].reverse()) {
        try {
          await hook();
        } catch (err) {
          console.error('[server] close hook failed:', err);
        }
      }
      const ioClosed = io.close(); // disconnects every Socket.IO client and closes httpServer
      for (const socket of upgraded) socket.destroy();
      httpServer.closeIdleConnections();
      const cut = setTimeout(() => {
        for (const socket of sockets) socket.destroy();
      }, CLOSE_GRACE_MS);
      await ioClosed;
      clearTimeout(cut);
      await store.close();
    })();
    return closing;
  };

  const listen = (): Promise<string> =>
    new Promise((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      httpServer.once('error', onError);
      httpServer.listen(config.port, config.host, () => {
        httpServer.off('error', onError);
        resolve(url());
      });
    });

  return { httpServer, io, store, app, config, context, listen, url, publicOrigin, close };
}

/** DEMO=1 always seeds; DEMO=auto (unset) only on a database this start created. */
export function shouldSeedDemo(config: Pick<Config, 'demo'>, store: Pick<Store, 'fresh'>): boolean {
  return config.demo === true || (config.demo === 'auto' && store.fresh);
}

function createApp(ctx: ServerContext, throttle: LoginThrottle): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'same-origin');
    res.setHeader('X-Frame-Options', 'DENY');
    next();
  });

  const api = Router();
  api.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  api.use(originGuard(ctx.publicOrigin));
  api.use(express.json({ limit: ctx.config.jsonLimitBytes }));
  api.use(createHealthRouter());
  api.use(
    '/auth',
    createAuthRouter({
      store: ctx.store,
      identify: ctx.identify,
      passwords: ctx.passwords,
      sessions: ctx.sessions,
      throttle,
    }),
  );
  api.use('/tokens', createTokensRouter({ store: ctx.store, identify: ctx.identify }));
  mountBoardRoutes(api, ctx);
  api.use(apiNotFound);

  app.use('/api', api);
  app.use(createStaticRouter(ctx.config.clientDir));
  app.use(errorHandler());
  return app;
}

// ── Seams: the lead fills these in (sync/, realtime/, http/boards*) ───────

/** Seam: boards, members, export and activity routers, mounted under /api (before its 404). */
function mountBoardRoutes(_api: Router, _ctx: ServerContext): void {
  // e.g. _api.use('/boards', createBoardsRouter(_ctx));
}

/**
 * Seam: `/yjs/<boardId>` upgrades. The sync hub authenticates (identify, Origin, role)
 * and refuses with rejectUpgrade(socket, 401|403|404, ...) before any Yjs message flows.
 * Until it exists every such upgrade is a 404.
 */
function handleYjsUpgrade(_req: IncomingMessage, socket: Duplex, _head: Buffer, _ctx: ServerContext): void {
  rejectUpgrade(socket, 404, 'not_found', 'No such board');
}

/**
 * Seam: Socket.IO handshake auth (`io.use`: identify(socket.request, socket.handshake.auth.token)
 * into socket.data.identity) and the connection handler (board:join / board:leave).
 */
function attachRealtime(_io: TrancheIo, _ctx: ServerContext): void {}

/** Seam: create the demo user and board from the seed article (runs before listening). */
async function seedDemo(_ctx: ServerContext): Promise<void> {}

function pathnameOf(req: IncomingMessage): string {
  try {
    return new URL(req.url ?? '/', 'http://localhost').pathname;
  } catch {
    return '/';
  }
}
