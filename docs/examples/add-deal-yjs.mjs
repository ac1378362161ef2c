#!/usr/bin/env node
/**
 * Adds a deal to a board over Yjs, as an outside client (docs/API.md, "The board
 * document"): the official y-websocket client with an API token on the upgrade. It writes
 * only what a script knows; the server stamps createdAt/updatedAt/stageEnteredAt and
 * createdBy/updatedBy. Run from the repository root (it uses the repo's node_modules):
 *
 *   TRANCHE_URL=http://127.0.0.1:3000 TRANCHE_TOKEN=… BOARD_ID=… node docs/examples/add-deal-yjs.mjs
 *
 * Prints the deal id once the server's stamps came back.
 */
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { generateKeyBetween } from 'fractional-indexing';

const { TRANCHE_URL = 'http://127.0.0.1:3000', TRANCHE_TOKEN, BOARD_ID } = process.env;
if (!TRANCHE_TOKEN || !BOARD_ID) {
  console.error('Set TRANCHE_TOKEN (POST /api/tokens) and BOARD_ID.');
  process.exit(2);
}

/** Sends the token on the WebSocket upgrade. */
class AuthorizedWebSocket extends WebSocket {
  constructor(address, protocols) {
    super(address, protocols, { headers: { Authorization: `Bearer ${TRANCHE_TOKEN}` } });
  }
}

const doc = new Y.Doc();
const provider = new WebsocketProvider(`${TRANCHE_URL.replace(/^http/, 'ws')}/yjs`, BOARD_ID, doc, {
  WebSocketPolyfill: AuthorizedWebSocket,
  disableBc: true,
});
provider.on('connection-close', (event) => {
  if (event && event.code >= 4000) {
    console.error(`closed by the server: ${event.code} ${event.reason}`);
    process.exit(1);
  }
});
await new Promise((resolve) => provider.once('sync', resolve));

// The first open stage column (by rank, then id); the deal goes at its end.
const columns = [...doc.getMap('columns').entries()]
  .filter(([, column]) => column instanceof Y.Map && (column.get('kind') ?? 'open') === 'open')
  .sort(([a, x], [b, y]) => (x.get('rank') < y.get('rank') ? -1 : x.get('rank') > y.get('rank') ? 1 : a < b ? -1 : 1));
if (columns.length === 0) {
  console.error('The board has no open column.');
  process.exit(1);
}
const [columnId] = columns[0];
const deals = doc.getMap('deals');
const ranks = [...deals.values()]
  .filter((d) => d instanceof Y.Map && d.get('columnId') === columnId)
  .map((d) => d.get('rank'))
  .sort();
const rank = generateKeyBetween(ranks.at(-1) ?? null, null);

const dealId = randomUUID();
doc.transact(() => {
  const deal = new Y.Map();
  deals.set(dealId, deal);
  deal.set('title', 'SoftBank in talks for $30B more');
  deal.set('kind', 'investment');
  deal.set('acquirer', 'SoftBank');
  deal.set('target', 'OpenAI');
  deal.set('amount', 30_000_000_000);
  deal.set('amountQualifier', 'about');
  deal.set('columnId', columnId);
  deal.set('rank', rank);
  deal.set('tags', Y.Array.from(['ai']));
});

// The server's stamps arrive right after its commit: then the deal is saved and valid.
await new Promise((resolve) => {
  const check = () => typeof deals.get(dealId)?.get('createdBy') === 'string' && (deals.unobserveDeep(check), resolve());
  deals.observeDeep(check);
  check();
});
console.log(dealId);
provider.destroy();
doc.destroy();
