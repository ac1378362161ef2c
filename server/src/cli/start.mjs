/**
 * `npm start`: builds the server to plain JavaScript when it is missing or stale, then runs
 * dist/server/start.js (which builds the client when stale and starts the server). Plain
 * JavaScript, so no TypeScript loader runs in production.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { defaultOutdir, ensureServerBuilt } from './buildServer.mjs';

try {
  await ensureServerBuilt();
} catch (error) {
  console.error('Server build failed:', error instanceof Error ? error.message : error);
  process.exit(1);
}

await import(pathToFileURL(path.join(defaultOutdir, 'start.js')).href);
