import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { syncArray, syncText } from '../../../shared/src/board/mutations/edits';

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('syncArray', () => {
  it('reaches the target with a longest-common-subsequence edit', () => {
    const random = rng(1);
    const pick = () => Array.from({ length: Math.floor(random() * 8) }, () => 'abcdef'[Math.floor(random() * 6)] as string);
    for (let i = 0; i < 300; i++) {
      const doc = new Y.Doc();
      const array = doc.getArray<unknown>('a');
      array.push(pick());
      const target = pick();
      const before = array.toArray();
      const changed = syncArray(array, target);
      expect(array.toArray()).toEqual(target);
      expect(changed).toBe(JSON.stringify(before) !== JSON.stringify(target));
    }
  });

  it('keeps a concurrent insert next to a kept element', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    a.getArray<unknown>('t').push(['x', 'y', 'z']);
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    syncArray(a.getArray<unknown>('t'), ['x', 'z']);
    b.getArray<unknown>('t').insert(3, ['w']);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(a.getArray('t').toArray()).toEqual(['x', 'z', 'w']);
    expect(b.getArray('t').toArray()).toEqual(['x', 'z', 'w']);
  });

  it('drops non-string junk', () => {
    const doc = new Y.Doc();
    const array = doc.getArray<unknown>('a');
    array.push(['a', 1, 'b']);
    syncArray(array, ['a', 'b']);
    expect(array.toArray()).toEqual(['a', 'b']);
  });
});

describe('syncText', () => {
  it('reaches the target and never splits a surrogate pair (checked on a second replica)', () => {
    const random = rng(2);
    const alphabet = ['a', 'b', '😀', '😁', '👍🏽', 'é', ' '];
    const pick = () => Array.from({ length: Math.floor(random() * 10) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
    for (let i = 0; i < 500; i++) {
      const doc = new Y.Doc();
      const text = doc.getText('n');
      text.insert(0, pick());
      const target = pick();
      syncText(text, target);
      expect(text.toString()).toBe(target);
      const copy = new Y.Doc();
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
      expect(copy.getText('n').toString()).toBe(target);
    }
  });

  it('equal text is no change', () => {
    const text = new Y.Doc().getText('n');
    text.insert(0, 'same');
    expect(syncText(text, 'same')).toBe(false);
  });
});
