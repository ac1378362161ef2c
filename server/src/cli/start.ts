/**
 * `npm start`: build the client when it is missing or stale, then run the server in
 * this process.
 */
import { ensureClientBuilt } from './buildClient';

try {
  ensureClientBuilt();
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}

await import('../index');
