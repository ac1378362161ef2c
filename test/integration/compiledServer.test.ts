/**
 * The server as `npm start` runs it: bundled to plain JavaScript by esbuild and started
 * with bare `node` (no TypeScript loader). Its JSON logs on stderr carry request id, user
 * and board; the demo password stays a plain line on stdout and never reaches a log; its
 * worker threads (snapshots, large exports) load from the bundle.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { createDeal, selectColumns } from '../../shared/src/board';
import { dealsMap } from '../../shared/src/board/schema';
import { userOrigin } from '../../shared/src/board/origin';
import { SqliteStore } from '../../server/src/store/sqlite/SqliteStore';
import { api, connectDoc, connectSocket, createBoard, createUser, waitFor } from '../helpers/clients';

const root = path.resolve(import.meta.dirname, '../..');
const dealCount = (doc: Y.Doc): number => dealsMap(doc).size;

interface Running {
  child: ChildProcess;
  url: string;
  stdout: () => string;
  stderr: () => string;
  /** Every stderr line, parsed (throws if one is not JSON). */
  logLines: () => Record<string, unknown>[];
  stop: () => Promise<void>;
}

async function startBundle(bundleDir: string, env: Record<string, string>): Promise<Running> {
  const child = spawn(process.execPath, [path.join(bundleDir, 'start.js')], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', DEMO: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await Promise.race([
    waitFor(() => /ready at http:\/\/\S+\n/.test(stdout), 'the bundled server to be ready', 20_000),
    exited.then(() => Promise.reject(new Error(`exited: ${stdout}${stderr}`))),
  ]);
  const url = /ready at (http:\/\/\S+)\n/.exec(stdout)![1]!;
  return {
    child,
    url,
    stdout: () => stdout,
    stderr: () => stderr,
    logLines: () =>
      stderr
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

describe('the compiled server', () => {
  const bundleDir = path.join(root, '.tmp', `server-bundle-${process.pid}`);
  const dataDirs: string[] = [];
  const dataDir = (): string => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tranche-bundle-'));
    dataDirs.push(dir);
    return dir;
  };

  beforeAll(() => {
    const built = spawnSync(process.execPath, ['server/src/cli/buildServer.mjs', '--outdir', bundleDir], { cwd: root, encoding: 'utf8' });
    expect(built.status, built.stderr).toBe(0);
  });
  afterAll(() => {
    fs.rmSync(bundleDir, { recursive: true, force: true });
    for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is plain JavaScript that imports no TypeScript loader', () => {
    const meta = JSON.parse(fs.readFileSync(path.join(bundleDir, 'meta.json'), 'utf8')) as {
      outputs: Record<string, { imports: { path: string; external?: boolean }[] }>;
    };
    const imported = Object.values(meta.outputs).flatMap((output) => output.imports.map((i) => i.path));
    expect(imported).toContain('better-sqlite3');
    expect(imported.filter((p) => /^tsx|\.ts$/.test(p))).toEqual([]);
    for (const file of ['start.js', 'snapshotWorker.js', 'exportWorker.js']) expect(fs.existsSync(path.join(bundleDir, file))).toBe(true);
  });

  it('prints the demo password on stdout only and writes JSON logs with request id, user and board', async () => {
    const server = await startBundle(bundleDir, { DATA_DIR: dataDir(), DEMO: '1' });
    try {
      await waitFor(() => server.stdout().includes('Demo board:'), 'the demo line (printed after the ready line)');
      const demo = /sign in as (\S+) \/ (\S+)\)/.exec(server.stdout());
      expect(demo, server.stdout()).not.toBeNull();
      const password = demo![2]!;

      const owner = await createUser(server.url, 'Owner');
      const boardId = await createBoard(server.url, owner);
      const response = await fetch(`${server.url}/api/boards/${boardId}`, {
        headers: { Authorization: `Bearer ${owner.token}`, 'X-Request-Id': 'req-compiled-1' },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('x-request-id')).toBe('req-compiled-1');
      const generated = (await fetch(`${server.url}/api/auth/me`)).headers.get('x-request-id');
      expect(generated).toMatch(/^[0-9a-f-]{36}$/);

      await waitFor(() => server.stderr().includes('"reqId":"req-compiled-1"'), 'the access log line');
      const lines = server.logLines();
      const access = lines.find((line) => line.reqId === 'req-compiled-1');
      expect(access).toMatchObject({
        level: 'info',
        where: 'http',
        userId: owner.id,
        boardId,
        req: { method: 'GET', path: `/api/boards/${boardId}` },
        res: { status: 200 },
      });
      expect(typeof access!.time).toBe('string');
      const raw = server
        .stderr()
        .split('\n')
        .find((line) => line.includes('"reqId":"req-compiled-1"'))!;
      for (const key of ['reqId', 'userId', 'boardId', 'where']) expect(raw.split(`"${key}":`)).toHaveLength(2); // each key once
      expect(lines.find((line) => line.msg === 'listening')).toMatchObject({ level: 'info', where: 'server' });
      expect(server.stderr()).not.toContain(password);
      expect(server.stderr()).not.toContain(owner.token);
    } finally {
      await server.stop();
    }
  });

  it('honours LOG_LEVEL', async () => {
    const server = await startBundle(bundleDir, { DATA_DIR: dataDir(), LOG_LEVEL: 'warn' });
    try {
      const owner = await createUser(server.url, 'Owner');
      expect((await api(server.url, owner, 'GET', '/api/boards')).status).toBe(200);
      expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
      const socket = await connectSocket(server.url, owner); // Socket.IO works from the bundle
      socket.disconnect();
      expect(server.logLines().filter((line) => line.level === 'info')).toEqual([]);
    } finally {
      await server.stop();
    }
  });

  it('writes snapshots and large exports in worker threads loaded from the bundle', async () => {
    const dir = dataDir();
    const server = await startBundle(bundleDir, { DATA_DIR: dir });
    let boardId = '';
    try {
      const owner = await createUser(server.url, 'Owner');
      boardId = await createBoard(server.url, owner);
      const client = connectDoc(server.url, owner, boardId);
      await client.synced;
      const column = selectColumns(client.doc).columns[0]!.id;
      const notes = 'Lorem ipsum dolor sit amet. '.repeat(25);
      // More updates than compactEvery (500), and a document above the worker export threshold.
      for (let i = 0; i < 520; i++) createDeal(client.doc, { columnId: column, title: `Deal ${i}`, notes }, userOrigin(owner.id));
      // The server shows a new client only committed state: once it holds every deal, all are on disk.
      const observer = connectDoc(server.url, owner, boardId);
      await observer.synced;
      await waitFor(() => selectColumns(observer.doc).columns.length > 0 && dealCount(observer.doc) === 520, 'every deal committed', 20_000);
      observer.destroy();
      const exported = await api<{ deals: { title: string; notes: string }[] }>(server.url, owner, 'GET', `/api/boards/${boardId}/export.json`);
      expect(exported.status).toBe(200);
      const deals = exported.body.deals;
      expect(deals.map((d) => d.title).sort()).toEqual(Array.from({ length: 520 }, (_, i) => `Deal ${i}`).sort());
      expect(deals.every((d) => d.notes === notes)).toBe(true);
      client.destroy();
      const scrape = async () => (await fetch(`${server.url}/metrics`)).text();
      expect(await scrape()).toMatch(/^tranche_worker_jobs_total\{worker="exportWorker",outcome="ok"\} 1$/m);
      // The snapshot is built in the background; poll the metric until it reports the job.
      let metrics = await scrape();
      for (let tries = 0; tries < 200 && !/worker="snapshotWorker",outcome="ok"/.test(metrics); tries++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        metrics = await scrape();
      }
      expect(metrics).toMatch(/^tranche_worker_jobs_total\{worker="snapshotWorker",outcome="ok"\} [1-9]/m);
      expect(metrics).not.toMatch(/outcome="failed"/);
    } finally {
      await server.stop(); // SIGTERM: rooms flush and wait for their snapshot
    }
    expect(server.logLines().filter((line) => line.level !== 'info')).toEqual([]);
    const store = new SqliteStore({ dataDir: dir });
    try {
      const loaded = await store.loadDocument(boardId);
      expect(loaded.snapshot).not.toBeNull();
      expect(loaded.snapshotSeq).toBeGreaterThanOrEqual(500);
    } finally {
      await store.close();
    }
  });
});
