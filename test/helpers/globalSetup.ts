/**
 * Runs once before the test run: browser tests load the built client from the real
 * server, so build it when it is missing or stale.
 */
import { ensureClientBuilt } from '../../server/src/cli/buildClient';

export default function setup(): void {
  ensureClientBuilt();
}
