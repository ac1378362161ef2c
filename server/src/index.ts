/**
 * The entry: read the environment, create the server, listen, print one line. SIGTERM or
 * SIGINT closes everything (rooms flushed, store closed) and exits 0. The lines for people
 * (ready, the demo password) go to stdout as plain text; JSON logs go to stderr.
 */
import type { LevelWithSilent } from 'pino';
import { loadConfig, type Config } from './config';
import { createServer } from './createServer';
import { log, setLogLevel } from './log';

let config: Config;
try {
  config = loadConfig(process.env);
} catch (err) {
  console.error('Tranche failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
}
setLogLevel(config.logLevel as LevelWithSilent);

const server = await createServer(config).catch((err: unknown) => {
  console.error('Tranche failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});

await server.listen().catch((err: unknown) => {
  console.error('Tranche failed to listen:', err instanceof Error ? err.message : err);
  process.exit(1);
});
console.log(`Tranche ready at ${server.publicOrigin()}`);
log.info('server', 'listening', { url: server.url(), publicOrigin: server.publicOrigin(), metricsToken: config.metricsToken !== undefined });
if (server.demo) {
  // Shown once: only the password's hash is stored.
  console.log(`Demo board: ${server.publicOrigin()}/#/b/${server.demo.boardId}  (sign in as ${server.demo.email} / ${server.demo.password})`);
  console.log(`This password is shown once; later, \`npm run reset-password -- ${server.demo.email}\` sets a new one.`);
}

let stopping = false;
const stop = (signal: NodeJS.Signals): void => {
  if (stopping) return;
  stopping = true;
  const force = setTimeout(() => {
    console.error(`Tranche: ${signal}: close timed out, exiting`);
    process.exit(1);
  }, 15_000);
  force.unref();
  server.close().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(`Tranche: ${signal}: close failed:`, err);
      process.exit(1);
    },
  );
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
