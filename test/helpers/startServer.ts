/**
 * Starts the real server on port 0 (127.0.0.1) with a fresh temporary DATA_DIR, DEMO off
 * and a cheap scrypt cost. `close()` stops it and removes the directory.
 *
 * @example
 * const server = await startServer();
 * const res = await fetch(`${server.url}/api/health`);
 * await server.close();
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Config } from '../../server/src/config';
import { createServer, type TrancheServer } from '../../server/src/createServer';
import type { Store } from '../../server/src/store/Store';
import { removeStoreFor, storeConfigFor } from './testStores';

/** Fast enough for tests, same code path as production (OWASP cost is the default). */
export const TEST_SCRYPT = Object.freeze({ N: 2 ** 10, r: 8, p: 1, keyLen: 32 });

export interface StartedServer {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** The Origin the server accepts (same as url unless publicOrigin was passed). */
  origin: string;
  /** `ws://127.0.0.1:<port>` for y-websocket / raw WebSocket clients. */
  wsUrl: string;
  dataDir: string;
  store: Store;
  server: TrancheServer;
  /** Stops the server and removes its DATA_DIR (also one passed in) unless `keepDataDir` (here or at start). */
  close(options?: { keepDataDir?: boolean }): Promise<void>;
}

export interface StartOptions extends Partial<Config> {
  /** Keep the temp DATA_DIR after close() (to restart on it: `startServer({dataDir})`). */
  keepDataDir?: boolean;
}

/**
 * @example
 * const first = await startServer({ keepDataDir: true });
 * await first.close();
 * const second = await startServer({ dataDir: first.dataDir }); // same database; removed on close
 */
export async function startServer(options: StartOptions = {}): Promise<StartedServer> {
  const { keepDataDir = false, ...overrides } = options;
  const dataDir = overrides.dataDir ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'tranche-test-')));
  const server = await createServer({
    host: '127.0.0.1',
    demo: false,
    scrypt: TEST_SCRYPT,
    ...(await storeConfigFor(dataDir)), // STORE=pg: this DATA_DIR's own PostgreSQL database
    // Tests sign many people up from 127.0.0.1; the sign-up throttle has its own tests.
    signupMaxPerAddress: 10_000,
    ...overrides,
    port: overrides.port ?? 0,
    dataDir,
  });
  const url = await server.listen();
  return {
    url,
    origin: server.publicOrigin(),
    wsUrl: url.replace(/^http/, 'ws'),
    dataDir,
    store: server.store,
    server,
    async close(closeOptions) {
      await server.close();
      if (!(closeOptions?.keepDataDir ?? keepDataDir)) {
        await fs.rm(dataDir, { recursive: true, force: true });
        await removeStoreFor(dataDir);
      }
    },
  };
}

/** A fresh empty temp directory (for store tests that open SqliteStore directly). */
export async function tempDir(prefix = 'tranche-test-'): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), prefix));
}
