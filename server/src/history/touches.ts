/**
 * Who last wrote each field of each deal between two moments, read from the log's updates
 * without replaying them: each update is decoded (not applied), and each struct it wrote is
 * looked up by id in the later document, where it sits under its deal and field. Deletions
 * of a deal are found in the updates' delete sets. This dates and attributes every change
 * from the log itself, in a fraction of the time a replay takes.
 */
import * as Y from 'yjs';
import { dealsMap } from '../../../shared/src/board/schema';
import type { StoredUpdate } from '../store/Store';

export interface Touch {
  at: string;
  userId: string | null;
}

/** dealId → field (or '*' for the deal itself: created, deleted) → its last write. */
export type Touches = Map<string, Map<string, Touch>>;

type AnyType = Y.AbstractType<unknown>;
interface Place {
  dealId: string;
  field: string;
}

/** Where a struct written into `type` lands: its deal and the deal's field (null: not in a deal). */
function placeOf(item: Y.Item, deals: AnyType, cache: Map<AnyType, Place | null>): Place | null {
  const parent = item.parent as AnyType | null;
  if (!parent) return null;
  if (parent === deals) return item.parentSub === null ? null : { dealId: item.parentSub, field: '*' };
  const cached = cache.get(parent);
  if (cached !== undefined) return cached?.field === '' ? { dealId: cached.dealId, field: item.parentSub ?? '' } : cached;
  // Walk up to the deal map; the field is the key just below it.
  let place: Place | null = null;
  let child: Y.Item | null = parent._item;
  let field = '';
  for (let depth = 0; child && depth < 8; depth++) {
    const above = child.parent as AnyType | null;
    if (above === deals) {
      place = { dealId: child.parentSub ?? '', field };
      break;
    }
    field = child.parentSub ?? field;
    child = above?._item ?? null;
  }
  cache.set(parent, place);
  return place && place.field === '' ? { dealId: place.dealId, field: item.parentSub ?? '' } : place;
}

/** The deal items of a document, by client: to tell a deletion of a deal in a delete set. */
function dealItems(doc: Y.Doc): Map<number, Array<{ clock: number; dealId: string }>> {
  const byClient = new Map<number, Array<{ clock: number; dealId: string }>>();
  for (const [dealId, map] of dealsMap(doc).entries()) {
    const item = map._item;
    if (!item) continue;
    const list = byClient.get(item.id.client) ?? [];
    list.push({ clock: item.id.clock, dealId });
    byClient.set(item.id.client, list);
  }
  return byClient;
}

/**
 * @param before the document at the earlier moment (its deals may be deleted later)
 * @param after the document at the later moment, which holds every struct of `updates`
 * @param updates the log between the two, in order
 */
export function attributeTouches(before: Y.Doc, after: Y.Doc, updates: readonly StoredUpdate[]): Touches {
  const touches: Touches = new Map();
  const touch = (place: Place, by: Touch) => {
    let fields = touches.get(place.dealId);
    if (!fields) touches.set(place.dealId, (fields = new Map()));
    fields.set(place.field, by);
  };
  const deals = dealsMap(after) as unknown as AnyType;
  const cache = new Map<AnyType, Place | null>();
  const gone = dealItems(before);
  const { store } = after;
  for (const update of updates) {
    const by: Touch = { at: update.at, userId: update.userId };
    const { structs, ds } = Y.decodeUpdate(update.update);
    for (const struct of structs) {
      if (!(struct instanceof Y.Item)) continue;
      let found: unknown;
      try {
        found = Y.getItem(store, struct.id);
      } catch {
        continue; // not in the later document (written after it)
      }
      if (!(found instanceof Y.Item)) continue; // collected with its deleted parent
      const place = placeOf(found, deals, cache);
      if (place) touch(place, by);
    }
    for (const [client, ranges] of ds.clients) {
      const candidates = gone.get(client);
      if (!candidates) continue;
      for (const { clock, dealId } of candidates) {
        if (ranges.some((r) => clock >= r.clock && clock < r.clock + r.len)) touch({ dealId, field: '*' }, by);
      }
    }
  }
  return touches;
}
