/**
 * The runnable examples in docs/examples/ work against a real server: one adds a deal over
 * REST, the other over Yjs with the official y-websocket client; both deals come out valid
 * in the JSON export.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type StartedServer } from '../helpers/startServer';
import { api, createBoard, createUser, type TestUser } from '../helpers/clients';

const run = promisify(execFile);

let server: StartedServer;
let ada: TestUser;
let boardId: string;

beforeAll(async () => {
  server = await startServer();
  ada = await createUser(server.url, 'Ada');
  boardId = await createBoard(server.url, ada, 'Examples');
});

afterAll(async () => {
  await server?.close();
});

const env = () => ({ ...process.env, TRANCHE_URL: server.url, TRANCHE_TOKEN: ada.token, BOARD_ID: boardId });

async function exported(): Promise<Array<{ id: string; title: string; createdBy: string; stage: string }>> {
  return (
    await api<{ deals: Array<{ id: string; title: string; createdBy: string; stage: string }> }>(server.url, ada, 'GET', `/api/boards/${boardId}/export.json`)
  ).body.deals;
}

describe('docs/examples', () => {
  it('add-deal-rest.mjs adds a deal over REST, once per Idempotency-Key', async () => {
    const options = { env: { ...env(), IDEMPOTENCY_KEY: 'example-1' }, timeout: 20_000 };
    const first = JSON.parse((await run(process.execPath, ['docs/examples/add-deal-rest.mjs'], options)).stdout) as { id: string };
    const again = JSON.parse((await run(process.execPath, ['docs/examples/add-deal-rest.mjs'], options)).stdout) as { id: string };
    expect(again.id).toBe(first.id);
    const deal = (await exported()).find((d) => d.id === first.id);
    expect(deal).toMatchObject({ title: 'Amazon in talks to invest up to $50B in OpenAI', createdBy: ada.id });
  });

  it('add-deal-yjs.mjs adds a deal over Yjs with a token', async () => {
    const { stdout } = await run(process.execPath, ['docs/examples/add-deal-yjs.mjs'], { env: env(), timeout: 20_000 });
    const dealId = stdout.trim();
    const deal = (await exported()).find((d) => d.id === dealId);
    expect(deal).toMatchObject({ title: 'SoftBank in talks for $30B more', createdBy: ada.id });
  });
});
