import { it } from 'vitest';
import * as Y from 'yjs';
import { runSeed } from './harness';
it('dbg', () => {
  const seq: Uint8Array[] = [];
  try { runSeed(187, { trace: (to, u) => { if (to === 2) seq.push(u); } }); } catch (e) { console.log(String(e).slice(0, 120)); }
  // Replay doc2's received updates into a fresh doc (doc2 also had its own local updates; include?).
  const fresh = new Y.Doc();
  for (const u of seq) Y.applyUpdate(fresh, u);
  console.log('replay pending', !!fresh.store.pendingStructs, fresh.store.pendingStructs ? [...fresh.store.pendingStructs.missing] : null);
  // Apply all in a single merged update
  const merged = new Y.Doc();
  Y.applyUpdate(merged, Y.mergeUpdates(seq));
  console.log('merged pending', !!merged.store.pendingStructs, [...Y.decodeStateVector(Y.encodeStateVector(merged))]);
  // Which structs exist across all received updates for the two clients?
  const have = new Map<number, Set<number>>();
  for (const u of seq) for (const s of Y.decodeUpdate(u).structs) { const set = have.get(s.id.client) ?? new Set(); for (let c = s.id.clock; c < s.id.clock + s.length; c++) set.add(c); have.set(s.id.client, set); }
  for (const [c, set] of have) { const max = Math.max(...set); const gaps = []; for (let i = 0; i <= max; i++) if (!set.has(i)) gaps.push(i); console.log(c, 'max', max, 'gaps', gaps.length ? `${gaps[0]}..${gaps.at(-1)} (${gaps.length})` : 'none'); }
});
