/**
 * `npm run dev`: the server on PORT 3001 under `tsx watch` and the Vite dev server (which
 * proxies /api, /socket.io and /yjs to it). Both are children; when one exits or this
 * process is stopped, the other is stopped too.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const require = createRequire(import.meta.url);
const binOf = (pkg: string, rel: string): string => path.join(path.dirname(require.resolve(`${pkg}/package.json`)), rel);

const VITE_PORT = 5173;
const env = {
  ...process.env,
  PORT: '3001',
  // Browsers talk to Vite, so their Origin is Vite's.
  PUBLIC_ORIGIN: process.env.PUBLIC_ORIGIN ?? `http://localhost:${VITE_PORT}`,
};

const children: ChildProcess[] = [
  spawn(process.execPath, [binOf('tsx', 'dist/cli.mjs'), 'watch', '--clear-screen=false', 'server/src/index.ts'], {
    cwd: root,
    env,
    stdio: 'inherit',
  }),
  spawn(process.execPath, [binOf('vite', 'bin/vite.js'), '--config', 'client/vite.config.ts'], {
    cwd: root,
    env: process.env,
    stdio: 'inherit',
  }),
];

let stopping = false;
function stopAll(code: number): void {
  if (stopping) return;
  stopping = true;
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  }
  const force = setTimeout(() => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    process.exit(code);
  }, 5_000);
  force.unref();
  void Promise.all(
    children.map((child) => (child.exitCode !== null || child.signalCode !== null ? null : new Promise((resolve) => child.once('exit', resolve)))),
  ).then(() => process.exit(code));
}

for (const child of children) {
  child.once('exit', (code) => stopAll(code ?? 0));
}
process.once('SIGINT', () => stopAll(0));
process.once('SIGTERM', () => stopAll(0));
