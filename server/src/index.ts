/**
 * The entry: read the environment, create the server, listen, log one line. SIGTERM or
 * SIGINT closes everything (rooms flushed, store closed) and exits 0.
 */
import { loadConfig } from './config';
import { createServer } from './createServer';

const server = await createServer(loadConfig(process.env)).catch((err: unknown) => {
  console.error('Tranche failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});

await server.listen().catch((err: unknown) => {
  console.error('Tranche failed to listen:', err instanceof Error ? err.message : err);
  process.exit(1);
});
console.log(`Tranche ready at ${server.publicOrigin()}`);
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
