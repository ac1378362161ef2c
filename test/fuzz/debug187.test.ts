import { it } from 'vitest';
import * as Y from 'yjs';
import { runSeed } from './harness';
it('dbg', () => {
  const orig = Y.Doc.prototype;
  void orig;
  try { runSeed(187); } catch (e) { console.log(String(e).slice(0, 300)); }
});
