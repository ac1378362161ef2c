/**
 * Builds the client with Vite when dist/client is missing or older than any source under
 * client/ or shared/src. Used by `npm start` and by the test run (browser tests serve it).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { repoRoot as root } from '../repoRoot';

const builtIndex = path.join(root, 'dist', 'client', 'index.html');
const sources = [path.join(root, 'client'), path.join(root, 'shared', 'src')];

/** Newest mtime (ms) of any file under `dir`, skipping node_modules and dot-folders. */
function newestMtime(dir: string): number {
  let newest = 0;
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else if (entry.isFile()) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

export function needsBuild(): boolean {
  if (!fs.existsSync(builtIndex)) return true;
  const built = fs.statSync(builtIndex).mtimeMs;
  return sources.some((dir) => newestMtime(dir) > built);
}

/** Builds the client if it is stale; throws when the build fails. */
export function ensureClientBuilt(): void {
  if (!needsBuild()) return;
  console.log('Building the client…');
  const vitePackage = createRequire(import.meta.url).resolve('vite/package.json');
  const viteBin = path.join(path.dirname(vitePackage), 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [viteBin, 'build', '--config', 'client/vite.config.ts', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error(`Client build failed (exit ${result.status ?? result.signal})`);
}
