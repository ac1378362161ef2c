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
import { Server as IoServer } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/src/events';
import { createIdentify, type Identify } from './auth/identify';
import { originGuard } from './auth/origin';
import { createPasswordHasher, type PasswordHasher } from './auth/passwords';
import { createSessions, type Sessions } from './auth/sessions';
import { AuthThrottle } from './auth/throttle';
import { hostForUrl, resolveConfig, type Config } from './config';
import { createAuthRouter } from './http/auth';
import { apiNotFound, errorHandler, rejectUpgrade, sendError } from './http/errors';
import { createHealthRouter } from './http/health';
import { createStaticRouter } from './http/static';
import { createTokensRouter } from './http/tokens';
import { createSessionsRouter } from './http/sessions';
import { createInvitationsRouter } from './http/invitations';
import { securityHeaders } from './http/securityHeaders';
import { createStore, isStoreError } from './store/index';
import type { Store } from './store/Store';
import { log } from './log';
import { BoardHub } from './sync/BoardHub';
import { createYjsUpgradeHandler } from './sync/yjsUpgrade';
import { attachLiveEvents, userRoomName, type LiveEvents, type SocketData } from './realtime/liveEvents';
import { attachActivityDeriver } from './activity/deriveActivity';
import { createBoardsRouter } from './http/boards';
import { createMembersRouter } from './http/members';
import { createExportRouter } from './http/export';
import { createHistoryRouter } from './http/history';
import { createActivityRouter } from './http/activity';
import { createDealsRouter } from './http/deals';
import { createColumnsRouter } from './http/columns';
import { createWebhooksRouter } from './http/webhooks';
import { createOpenApiRouter } from './http/openapi';
import { WebhookDispatcher } from './webhooks/WebhookDispatcher';
import { announceToWebhooks } from './webhooks/announceToWebhooks';
import { createImportRouter } from './http/import';
import { createImportUndoRouter } from './http/importUndo';
import { seedDemo, type DemoSeed } from './demo/seedDemo';
import { requestLog } from './http/requestLog';
import { createMetricsRouter } from './metrics/metricsRouter';
import { trackServer } from './metrics/metrics';
import { NotificationCenter } from './notifications/NotificationCenter';
import { announceToNotifications } from './notifications/announceToNotifications';
import { socketChannel } from './notifications/socketChannel';
import { createNotificationsRouter } from './http/notifications';
import { createWatchesRouter } from './http/watches';
import { dealFacts } from './notifications/dealFacts';
import { ClusterBus } from './cluster/ClusterBus';
import { reannouncingSaved } from './cluster/reannounceSaved';
import { recheckSocketsEvery } from './realtime/socketRecheck';
import { createAdapter } from '@socket.io/redis-streams-adapter';

export type TrancheIo = IoServer<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** What routers, the sync hub and the realtime layer are built from. */
export interface ServerContext {
  config: Config;
  store: Store;
  identify: Identify;
  passwords: PasswordHasher;
  sessions: Sessions;
  io: TrancheIo;
  /** Open boards (Yjs rooms). */
  hub: BoardHub;
  /** Announcements to Socket.IO rooms (and webhooks). */
  live: LiveEvents;
  webhooks: WebhookDispatcher;
  /** Committed activity → each person's inbox (and its live channel). */
  notifications: NotificationCenter;
  /** The bus to the other processes (REDIS_URL set), else null. */
  cluster: ClusterBus | null;
  /** PUBLIC_ORIGIN, or `http://HOST:<bound port>` when unset. Origin checks compare against it. */
  publicOrigin(): string;
}

export interface TrancheServer {
  httpServer: http.Server;
  io: TrancheIo;
  store: Store;
  app: Express;
  config: Config;
  context: ServerContext;
  /** The demo user and board created by this start (its password is shown once), or null. */
  demo: DemoSeed | null;
  /** Starts listening on config.port/host; resolves with `url()`. */
  listen(): Promise<string>;
  /** `http://<host>:<port>` to reach the listening socket (127.0.0.1 for 0.0.0.0; throws before `listen()`). */
  url(): string;
  /** PUBLIC_ORIGIN, or `http://HOST:<bound port>` when unset. */
  publicOrigin(): string;
  /** Runs close hooks, closes Socket.IO, every socket, the HTTP server, then the store. Idempotent. */
  close(): Promise<void>;
}

/** How long in-flight HTTP requests get to finish during close() before their sockets are cut. */
const CLOSE_GRACE_MS = 2_000;

export async function createServer(partial: Partial<Config> = {}): Promise<TrancheServer> {
  const config = resolveConfig(partial);
  const store = await createStore(config);
  // `app` is built below (it needs the context, which needs io, which needs the server);
  // engine.io wraps this listener to take /socket.io/ polling requests for itself.
  let handle: Express | null = null;
  const httpServer = http.createServer((req, res) => {
    if (handle) handle(req, res);
    else res.writeHead(503).end();
  });

  const boundPort = (): number => {
    const address = httpServer.address() as AddressInfo | string | null;
    if (address === null || typeof address === 'string') throw new Error('The server is not listening');
    return address.port;
  };
  const url = (): string => {
    const unspecified = config.host === '0.0.0.0' || config.host === '::' || config.host === '';
    return `http://${unspecified ? '127.0.0.1' : hostForUrl(config.host)}:${boundPort()}`;
  };
  const publicOrigin = (): string => config.publicOrigin ?? `http://${hostForUrl(config.host)}:${boundPort()}`;

  const closeHooks: (() => Promise<void> | void)[] = [];
  const identify = createIdentify(store, { sessionIdleMs: config.sessionIdleMs });
  const passwords = createPasswordHasher(config.scrypt, config.hashConcurrency, config.hashQueueMax);
  const sessions = createSessions(store, {
    ttlMs: config.sessionTtlMs,
    secure: () => publicOrigin().startsWith('https:'),
  });
  const backoff = (free: number) => ({ free, baseMs: config.loginBackoffMs, maxMs: config.loginLockMs });
  const throttle = new AuthThrottle(store, {
    account: backoff(config.loginMaxFailures),
    address: backoff(config.loginMaxPerAddress),
    signup: backoff(config.signupMaxPerAddress),
  });

  const io: TrancheIo = new IoServer(httpServer, {
    path: '/socket.io',
    serveClient: false,
    // We route upgrades ourselves (below); never let engine.io end sockets of other paths.
    // (Identity and the Origin check for cookie users belong to the handshake middleware.)
    destroyUpgrade: false,
    // Several processes behind a load balancer: WebSocket only, so no request of a socket
    // lands on another process (long-polling would need sticky sessions).
    ...(config.redisUrl ? { transports: ['websocket' as const] } : {}),
  });
  const cluster = config.redisUrl ? new ClusterBus(config.redisUrl) : null;
  if (cluster) {
    // board:saved, activity:added and access events reach sockets on every process.
    io.adapter(createAdapter(cluster.createAdapterClient()));
    log.info('cluster', 'cluster mode: Redis for notifications, PostgreSQL for data', { processId: cluster.processId });
  }
  // engine.io attached its own 'upgrade' listener; take it off so exactly one router decides.
  for (const listener of httpServer.listeners('upgrade')) {
    httpServer.removeListener('upgrade', listener as (...args: unknown[]) => void);
  }

  const webhooks = new WebhookDispatcher(store, config);
  closeHooks.push(() => webhooks.close()); // runs after the rooms' last commits (hooks run newest first)
  const notifications = new NotificationCenter({
    store,
    channels: [socketChannel(io)],
    watchChanged: (userId, watch) => io.to(userRoomName(userId)).emit('watch:changed', watch),
  });
  closeHooks.push(() => notifications.drained()); // after the rooms' last batches
  const live = announceToNotifications(
    announceToWebhooks(attachLiveEvents(io, { store, identify, publicOrigin, connectionCaps: config.sync, trustProxy: config.trustProxy }), webhooks),
    notifications,
  );
  const hub = new BoardHub({
    store,
    // With several processes, a board:saved the adapter could not publish is announced again.
    publisher: cluster ? reannouncingSaved(live, cluster, store) : live,
    roomIdleMs: config.roomIdleMs,
    compactEvery: config.compactEvery,
    limits: config.sync,
    attachActivity: (doc, options) => attachActivityDeriver(doc, { ...options, quietMs: config.activityQuietMs }),
    ...(cluster ? { cluster, headPollMs: config.clusterHeadPollMs, accessRecheckMs: config.clusterAccessRecheckMs } : {}),
  });
  // The hub announces to the notifier, and the notifier reads deals from the hub: wired once both exist.
  notifications.readDealsFrom((boardId, dealId) => hub.read(boardId, (doc) => dealFacts(doc, dealId)));
  closeHooks.push(() => hub.close());
  if (cluster) closeHooks.push(recheckSocketsEvery(io, store, config.clusterAccessRecheckMs));
  closeHooks.push(
    trackServer({
      openBoards: () => hub.openRoomCount,
      yjsConnections: () => hub.connectionCount,
      socketIoConnections: () => io.engine.clientsCount,
    }),
  );
  const handleYjsUpgrade = createYjsUpgradeHandler({
    hub,
    store,
    identify,
    publicOrigin,
    maxFrameBytes: config.maxFrameBytes,
    limits: config.sync,
    trustProxy: config.trustProxy,
  });

  const context: ServerContext = {
    config,
    store,
    identify,
    passwords,
    sessions,
    io,
    hub,
    live,
    webhooks,
    notifications,
    cluster,
    publicOrigin,
  };

  const app = createApp(context, throttle);
  handle = app;
  webhooks.kick(); // deliveries left pending by the last run
  let demo: DemoSeed | null = null;
  if (shouldSeedDemo(config, store)) {
    try {
      demo = await seedDemo(context);
    } catch (err) {
      await io.close();
      await store.close();
      throw err;
    }
  }

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
      void Promise.resolve(handleYjsUpgrade(req, socket, head)).catch((err: unknown) => {
        if (isStoreError(err, 'unavailable')) return rejectUpgrade(socket, 503, 'unavailable', 'The store is unavailable; try again');
        log.error('upgrade.yjs', 'upgrade failed', { url: req.url, error: String(err) });
        rejectUpgrade(socket, 500, 'internal', 'Internal server error');
      });
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
          log.error('server.close', 'close hook failed', { error: String(err) });
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
      await cluster?.close(); // after the rooms' last commits and the Socket.IO adapter's close
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

  return { httpServer, io, store, app, config, context, demo, listen, url, publicOrigin, close };
}

/** DEMO=1 always seeds; DEMO=auto (unset) only on a database this start created. */
export function shouldSeedDemo(config: Pick<Config, 'demo'>, store: Pick<Store, 'fresh'>): boolean {
  return config.demo === true || (config.demo === 'auto' && store.fresh);
}

function createApp(ctx: ServerContext, throttle: AuthThrottle): Express {
  /** Signing out or revoking a token closes the Yjs connections and sockets it opened (on every process). */
  const closeCredential = async (credential: string): Promise<void> => {
    ctx.live.signedOut(credential);
    await ctx.hub.closeCredential(credential);
  };
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', ctx.config.trustProxy ? 1 : false); // one proxy hop, never the client's own claim
  app.use(requestLog());
  app.use(securityHeaders(ctx.publicOrigin));

  const invitations = createInvitationsRouter({ ...ctx, inviteLinkTtlMs: ctx.config.inviteLinkTtlMs });
  const api = Router();
  api.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  api.use(originGuard(ctx.publicOrigin));
  api.use(express.json({ limit: ctx.config.jsonLimitBytes }));
  api.use(createHealthRouter(ctx.store, ctx.cluster ? () => ctx.cluster!.connected : undefined));
  api.use(
    '/auth',
    createAuthRouter({
      store: ctx.store,
      identify: ctx.identify,
      passwords: ctx.passwords,
      sessions: ctx.sessions,
      throttle,
      hashPerAddress: ctx.config.hashPerAddress,
      onSignedOut: closeCredential,
      acceptInviteLink: invitations.acceptLink,
    }),
  );
  api.use('/sessions', createSessionsRouter({ store: ctx.store, identify: ctx.identify, onSignedOut: closeCredential }));
  api.use(
    '/tokens',
    createTokensRouter({
      store: ctx.store,
      identify: ctx.identify,
      onRevoked: closeCredential,
    }),
  );
  mountBoardRoutes(api, ctx);
  api.use(invitations.router);
  api.use(apiNotFound);

  app.use('/api', api);
  app.use(createMetricsRouter({ token: ctx.config.metricsToken }));
  app.use(createStaticRouter(ctx.config.clientDir));
  app.use((req, res) => sendError(res, 404, 'not_found', `No route ${req.method} ${req.path}`));
  app.use(errorHandler());
  return app;
}

/** Boards, members, export and activity routers, mounted under /api (before its 404). */
function mountBoardRoutes(api: Router, ctx: ServerContext): void {
  const deps = { store: ctx.store, hub: ctx.hub, live: ctx.live, identify: ctx.identify };
  api.use(createBoardsRouter(deps));
  api.use(createMembersRouter({ ...deps, emailInviteTtlMs: ctx.config.emailInviteTtlMs }));
  api.use(createExportRouter(deps));
  api.use(createHistoryRouter(deps));
  api.use(createActivityRouter(deps));
  api.use(createDealsRouter(deps));
  api.use(createColumnsRouter(deps));
  api.use(createWebhooksRouter({ ...deps, webhooks: ctx.webhooks, allowHosts: ctx.config.webhookAllowHosts }));
  api.use(createWatchesRouter({ ...deps, notifications: ctx.notifications }));
  api.use(createNotificationsRouter({ store: ctx.store, identify: ctx.identify, notifications: ctx.notifications, digestAwayMs: ctx.config.digestAwayMs }));
  api.use(createOpenApiRouter());
  api.use(createImportRouter(deps));
  api.use(createImportUndoRouter(deps));
}

function pathnameOf(req: IncomingMessage): string {
  try {
    return new URL(req.url ?? '/', 'http://localhost').pathname;
  } catch {
    return '/';
  }
}
