/**
 * Builds the server to plain JavaScript with esbuild: dist/server/start.js (the `npm start`
 * entry, which also builds the client when stale) and one file per worker thread. Plain
 * JavaScript itself, so `npm start` needs no TypeScript loader at run time.
 *
 * npm packages are bundled too (resolving hundreds of module files was most of the start-up
 * time), except better-sqlite3, which is native and loads from node_modules. A build is
 * stale when any file it bundled (esbuild's metafile) changed since, or this script or the
 * package files did.
 *
 * `node server/src/cli/buildServer.mjs [--outdir DIR]` builds unconditionally.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../../..', import.meta.url));
export const defaultOutdir = path.join(root, 'dist', 'server');

/** Bundle entries: the start entry and every worker thread (found next to their runner at run time). */
const entryPoints = [
  { in: 'server/src/cli/start.ts', out: 'start' },
  { in: 'server/src/workers/snapshotWorker.ts', out: 'snapshotWorker' },
  { in: 'server/src/workers/exportWorker.ts', out: 'exportWorker' },
  { in: 'server/src/workers/loadWorker.ts', out: 'loadWorker' },
  { in: 'server/src/workers/storeReadWorker.ts', out: 'storeReadWorker' },
  { in: 'server/src/workers/sliceWorker.ts', out: 'sliceWorker' },
];

const metaFile = (outdir) => path.join(outdir, 'meta.json');

/** True when dist/server is missing or older than any source file it was built from. */
export function serverNeedsBuild(outdir = defaultOutdir) {
  let meta;
  let builtAt;
  try {
    meta = JSON.parse(fs.readFileSync(metaFile(outdir), 'utf8'));
    builtAt = Math.min(...entryPoints.map((entry) => fs.statSync(path.join(outdir, `${entry.out}.js`)).mtimeMs));
  } catch {
    return true;
  }
  // The bundled files, plus what decides how they are bundled: this script and the installed versions.
  const inputs = [...Object.keys(meta.inputs ?? {}), 'server/src/cli/buildServer.mjs', 'package.json', 'package-lock.json'];
  return inputs.some((input) => {
    try {
      return fs.statSync(path.join(root, input)).mtimeMs > builtAt;
    } catch {
      return true; // an input was deleted or moved
    }
  });
}

/** Bundles the server into `outdir`; throws when esbuild reports an error. */
export async function buildServer(outdir = defaultOutdir) {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints,
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Not bundled: better-sqlite3 (native), ws's optional native helpers, and the build tools.
    external: ['better-sqlite3', 'bufferutil', 'utf-8-validate', 'esbuild', 'vite', 'tsx', 'tsx/*'],
    // Bundled CommonJS packages call require() for Node built-ins; ESM output has none.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    sourcemap: true,
    metafile: true,
    logLevel: 'warning',
  });
  fs.writeFileSync(metaFile(outdir), JSON.stringify(result.metafile));
}

/** Builds the server when it is stale (logs one line when it does). */
export async function ensureServerBuilt(outdir = defaultOutdir) {
  if (!serverNeedsBuild(outdir)) return;
  console.log('Building the server…');
  await buildServer(outdir);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--outdir');
  await buildServer(at > 0 ? path.resolve(process.argv[at + 1]) : defaultOutdir);
}
