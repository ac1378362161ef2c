import { it } from 'vitest';
import * as Y from 'yjs';
import { writeFileSync } from 'node:fs';
import { runSeed } from './harness';
it('dbg', () => {
  const seq: Uint8Array[] = [];
  try { runSeed(187, { trace: (to, u) => { if (to === 2 || to === -3) seq.push(u); } }); } catch (e) { console.log(String(e).slice(0, 120)); }
  const fresh = new Y.Doc();
  for (const u of seq) Y.applyUpdate(fresh, u);
  console.log('replay pending', fresh.store.pendingStructs ? [...fresh.store.pendingStructs.missing] : null, seq.length);
  writeFileSync('/tmp/dbg/seq187.json', JSON.stringify(seq.map((u) => Buffer.from(u).toString('base64'))));
});
