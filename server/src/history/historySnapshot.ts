/**
 * A history snapshot: the same board state as a snapshot, without the overwritten values.
 *
 * A board's snapshot holds every value ever written to a map field: each overwrite leaves
 * the old value behind as a deleted item (a year of edits on 200 deals is 400,000 items,
 * 85% of them deleted), and decoding them all is what made a past state cost seconds. For a
 * map field only the last item of its key decides the value, so the history snapshot keeps
 * that one and turns every earlier item of the key into a GC range (same ids, same state
 * vector, nothing to integrate). Sequences (notes, tags, links) are kept whole: their order
 * depends on their deleted items.
 *
 * The log updates after a snapshot integrate into the history snapshot exactly as into the
 * full one as long as none of them refers to a dropped item, and none sets a key without an
 * origin where the key already had items (Yjs would then order it among the dropped ones).
 * `replaysExactly` checks that before any update is applied; when it says no, the caller
 * starts from the full snapshot instead (a client that was offline for a long time).
 */
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

type AnyType = Y.AbstractType<unknown>;

/** True for an item that an earlier write of its map key left behind (never decides a value). */
function isOverwritten(item: Y.Item): boolean {
  if (item.parentSub === null) return false;
  const parent = item.parent as AnyType | null;
  return parent !== null && parent._map.get(item.parentSub) !== item;
}

/** The doc's structs, overwritten map items folded into GC ranges, encoded as a Yjs update (v1). */
export function encodeHistorySnapshot(doc: Y.Doc): Uint8Array {
  const encoder = new Y.UpdateEncoderV1();
  const clients = [...doc.store.clients.entries()].sort((a, b) => b[0] - a[0]);
  encoding.writeVarUint(encoder.restEncoder, clients.length);
  // Only kept items need their deletion told: a GC range is deleted by what it is.
  const deleted = new Map<number, Array<{ clock: number; len: number }>>();
  for (const [client, structs] of clients) {
    const out: Array<Y.Item | Y.GC> = [];
    let gap: Y.GC | null = null;
    for (const struct of structs) {
      const dropped = struct instanceof Y.GC || (struct instanceof Y.Item && isOverwritten(struct));
      if (dropped) {
        if (gap) gap.length += struct.length;
        else out.push((gap = new Y.GC(struct.id, struct.length)));
        continue;
      }
      gap = null;
      out.push(struct as Y.Item);
      if (struct.deleted) {
        const ranges = deleted.get(client) ?? [];
        const last = ranges[ranges.length - 1];
        if (last && last.clock + last.len === struct.id.clock) last.len += struct.length;
        else ranges.push({ clock: struct.id.clock, len: struct.length });
        deleted.set(client, ranges);
      }
    }
    encoding.writeVarUint(encoder.restEncoder, out.length);
    encoder.writeClient(client);
    encoding.writeVarUint(encoder.restEncoder, structs[0]?.id.clock ?? 0);
    for (const struct of out) {
      if (struct instanceof Y.Item && struct.parentSub !== null && (struct.origin !== null || struct.rightOrigin !== null)) {
        // Its left neighbours are gone: written with its parent and key instead of its origin.
        const { origin, rightOrigin } = struct;
        struct.origin = null;
        struct.rightOrigin = null;
        struct.write(encoder, 0);
        struct.origin = origin;
        struct.rightOrigin = rightOrigin;
      } else struct.write(encoder, 0);
    }
  }
  writeDeleteSet(encoder, deleted);
  return encoder.toUint8Array();
}

/** Yjs's own delete-set layout (not exported by yjs): clients in descending order, then ranges. */
function writeDeleteSet(encoder: Y.UpdateEncoderV1, ds: Map<number, Array<{ clock: number; len: number }>>): void {
  const clients = [...ds.entries()].sort((a, b) => b[0] - a[0]);
  encoding.writeVarUint(encoder.restEncoder, clients.length);
  for (const [client, ranges] of clients) {
    encoder.resetDsCurVal();
    encoding.writeVarUint(encoder.restEncoder, client);
    encoding.writeVarUint(encoder.restEncoder, ranges.length);
    for (const range of ranges) {
      encoder.writeDsClock(range.clock);
      encoder.writeDsLen(range.len);
    }
  }
}

/** The struct of `doc` holding `id`, or null when the doc has not seen it yet. */
function structAt(doc: Y.Doc, id: Y.ID): Y.AbstractStruct | null {
  const structs = doc.store.clients.get(id.client);
  const last = structs?.[structs.length - 1];
  if (!structs || !last || id.clock >= last.id.clock + last.length) return null;
  return structs[Y.findIndexSS(structs, id.clock)] ?? null;
}

/**
 * True when `updates` integrate into `doc` (built from a history snapshot) exactly as into
 * the full snapshot's document: no item refers to a struct that is a GC range here, and no
 * item sets a map key without an origin where the key already has items.
 */
export function replaysExactly(doc: Y.Doc, updates: readonly Uint8Array[]): boolean {
  const refersToGap = (id: Y.ID | null) => id !== null && structAt(doc, id) instanceof Y.GC;
  for (const update of updates) {
    for (const struct of Y.decodeUpdate(update).structs) {
      if (!(struct instanceof Y.Item)) continue;
      if (refersToGap(struct.origin) || refersToGap(struct.rightOrigin)) return false;
      const parent = struct.parent as unknown;
      if (parent instanceof Y.ID && refersToGap(parent)) return false;
      if (struct.origin === null && struct.rightOrigin === null && struct.parentSub !== null && !keyIsNew(doc, parent, struct.parentSub)) return false;
    }
  }
  return true;
}

/** True when the map `parent` (a root name or the id of a map item) has no item under `key` here. */
function keyIsNew(doc: Y.Doc, parent: unknown, key: string): boolean {
  let type: AnyType | undefined;
  if (typeof parent === 'string') type = doc.share.get(parent) as AnyType | undefined;
  else if (parent instanceof Y.ID) {
    const item = structAt(doc, parent);
    // Not seen yet: a map created by these updates themselves, the same in both documents.
    if (item === null) return true;
    type = item instanceof Y.Item && item.content instanceof Y.ContentType ? (item.content.type as AnyType) : undefined;
  }
  return type === undefined || !type._map.has(key);
}
