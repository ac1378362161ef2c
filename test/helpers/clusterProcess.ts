/**
 * One Tranche process of a test cluster (a child process): the real server from the
 * environment (PORT, DATABASE_URL, REDIS_URL), with test-cheap password hashing and
 * sign-up limits lifted, since every test user signs up from 127.0.0.1.
 */
import { loadConfig } from '../../server/src/config';
import { createServer } from '../../server/src/createServer';

const config = loadConfig(process.env);
const server = await createServer({
  ...config,
  scrypt: { N: 2 ** 10, r: 8, p: 1, keyLen: 32 }, // as test/helpers/startServer's TEST_SCRYPT
  signupMaxPerAddress: 100_000,
  loginMaxPerAddress: 100_000,
  hashPerAddress: 100,
  // A test that needs a lagging process slows its head poll down.
  ...(process.env.TEST_HEAD_POLL_MS ? { clusterHeadPollMs: Number(process.env.TEST_HEAD_POLL_MS) } : {}),
  // A test of big-board behaviour on a small board lowers what counts as big.
  ...(process.env.TEST_SLICED_REPLY_BYTES ? { sync: { ...config.sync, slicedReplyBytes: Number(process.env.TEST_SLICED_REPLY_BYTES) } } : {}),
});
await server.listen();
console.log(`Tranche ready at ${server.publicOrigin()}`);
const stop = (): void => void server.close().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
