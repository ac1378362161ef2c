#!/usr/bin/env node
/**
 * Adds a deal to a board over REST with an API token (docs/API.md, "Deals over REST").
 *
 *   TRANCHE_URL=http://127.0.0.1:3000 TRANCHE_TOKEN=… BOARD_ID=… node docs/examples/add-deal-rest.mjs
 *
 * Prints the created deal as JSON. Sending the same Idempotency-Key again (a retry after a
 * timeout) returns the same deal instead of a second one.
 */
import { randomUUID } from 'node:crypto';

const { TRANCHE_URL = 'http://127.0.0.1:3000', TRANCHE_TOKEN, BOARD_ID } = process.env;
if (!TRANCHE_TOKEN || !BOARD_ID) {
  console.error('Set TRANCHE_TOKEN (POST /api/tokens) and BOARD_ID.');
  process.exit(2);
}

const response = await fetch(`${TRANCHE_URL}/api/boards/${encodeURIComponent(BOARD_ID)}/deals`, {
  method: 'POST',
  headers: {
    Authorization: `Bearer ${TRANCHE_TOKEN}`,
    'Content-Type': 'application/json',
    'Idempotency-Key': process.env.IDEMPOTENCY_KEY ?? randomUUID(),
  },
  body: JSON.stringify({
    title: 'Amazon in talks to invest up to $50B in OpenAI',
    kind: 'investment',
    acquirer: 'Amazon',
    target: 'OpenAI',
    amount: 50_000_000_000,
    amountQualifier: 'up_to',
    tags: ['ai'],
    links: ['https://example.com/news/amazon-openai'],
  }),
});
const body = await response.json();
if (response.status !== 201) {
  console.error(`HTTP ${response.status}: ${body.error?.message ?? JSON.stringify(body)}`);
  process.exit(1);
}
console.log(JSON.stringify(body.deal, null, 2));
