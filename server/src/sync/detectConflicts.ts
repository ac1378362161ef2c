/**
 * Conflicts you can see: an update that overwrites a deal field value its author had not seen.
 *
 * Setting a Y.Map key makes a new item whose `origin` is the item the writer saw at that key.
 * When the server's current item there is a different one (someone else's concurrent write, or
 * an online edit that an offline edit now meets), the two people wrote the same field without
 * seeing each other's value. Yjs keeps one by its own rule, which is fine; what matters is that
 * both are told: this module finds such writes, and the room records them as `deal.conflict`.
 */
import * as Y from 'yjs';
import type { ActivityEvent, Actor } from '../../../shared/src/events';
import { dealsMap, isValid, readDealById } from '../../../shared/src/board';
import type { Store } from '../store/Store';
import { makeEvent } from '../activity/eventFactory';
import { dealLabel, plain, sameValue } from '../activity/describe';

/** The deal fields a person edits as one value (text, lists and comments merge instead). */
const WATCHED_FIELDS = new Set([
  'title',
  'kind',
  'acquirer',
  'target',
  'amount',
  'amountQualifier',
  'currency',
  'valuation',
  'probability',
  'ownerId',
  'expectedClose',
]);

/** Who wrote with each Yjs client id in this room's document (the connection that sent it). */
const writers = new WeakMap<Y.Doc, Map<number, Actor>>();

/**
 * Learns who wrote with which client id (read from the update log a room loads, what came after the
 * last snapshot: see prepareLoad), so an offline edit that returns after the room was unloaded still meets a
 * known author. Writes older than the snapshot stay unknown and are never called conflicts.
 */
export async function seedWriters(
  doc: Y.Doc,
  clientsByUser: Iterable<[userId: string, clients: Iterable<number>]>,
  store: Pick<Store, 'getUser'>,
): Promise<void> {
  let known = writers.get(doc);
  if (!known) writers.set(doc, (known = new Map()));
  for (const [userId, clients] of clientsByUser) {
    const user = await store.getUser(userId).catch(() => null);
    if (!user) continue;
    for (const client of clients) known.set(client, { id: user.id, name: user.name });
  }
}

interface Candidate {
  dealId: string;
  field: string;
  map: Y.Map<unknown>;
  /** The writer's first new item at the key (the one whose origin says what they had seen). */
  item: Y.Item;
  /** The writer's value: the last they set at the key in this update. */
  value: unknown;
  previous: { id: Y.ID; value: unknown; author: Actor };
}

function hasStruct(doc: Y.Doc, id: Y.ID): boolean {
  return Y.getState(doc.store, id.client) > id.clock;
}

const idKey = (id: Y.ID) => `${id.client}:${id.clock}`;

/**
 * The deal map and key a new map item is set in. An encoded item names its parent only when it
 * has no neighbours; a key's later values name the item they follow (their origin) instead.
 */
function placeOf(doc: Y.Doc, item: Y.Item): { dealId: string; map: Y.Map<unknown>; field: string } | null {
  let parent: unknown = null;
  let field: string | null = null;
  if (item.origin) {
    if (!hasStruct(doc, item.origin)) return null;
    const left = Y.getItem(doc.store, item.origin);
    parent = left.parent;
    field = left instanceof Y.Item ? left.parentSub : null;
  } else if (item.parent instanceof Y.ID && hasStruct(doc, item.parent)) {
    const owner = Y.getItem(doc.store, item.parent);
    parent = owner instanceof Y.Item && owner.content instanceof Y.ContentType ? owner.content.type : null;
    field = item.parentSub;
  }
  if (!(parent instanceof Y.Map) || field === null || !WATCHED_FIELDS.has(field)) return null;
  const dealId = parent._item?.parentSub;
  return typeof dealId === 'string' && !parent._item?.deleted && dealsMap(doc).get(dealId) === parent ? { dealId, map: parent as Y.Map<unknown>, field } : null;
}

/**
 * Looks at an update before it is applied and returns what to check once it is: call the
 * result after applying, and it returns the `deal.conflict` events (none when nothing clashed).
 * @example
 * const conflicts = checkConflicts(doc, update, actor, boardId);
 * Y.applyUpdate(doc, update, connection);
 * queue(conflicts());
 */
export function checkConflicts(doc: Y.Doc, update: Uint8Array, writer: Actor, boardId: string): () => ActivityEvent[] {
  let known = writers.get(doc);
  if (!known) writers.set(doc, (known = new Map()));
  const { structs } = Y.decodeUpdate(update);
  const candidates = new Map<string, Candidate>();
  /** This update's own items already placed, by id: a later value of the same key follows one. */
  const ownPlaced = new Map<string, Candidate | null>();
  for (const struct of structs) {
    if (hasStruct(doc, struct.id)) continue; // already here: relayed, not written by this connection
    known.set(struct.id.client, writer);
    if (!(struct instanceof Y.Item)) continue;
    const value = struct.content.getContent().at(-1);
    if (struct.origin && ownPlaced.has(idKey(struct.origin))) {
      // A second value for a key this update already set: only the first says what they had seen.
      const first = ownPlaced.get(idKey(struct.origin)) ?? null;
      if (first) first.value = value;
      ownPlaced.set(idKey(struct.id), first);
      continue;
    }
    const place = placeOf(doc, struct);
    if (!place) continue;
    const current = place.map._map.get(place.field);
    let candidate: Candidate | null = null;
    const sawIt = current && struct.origin && Y.compareIDs(struct.origin, current.id);
    const author = current ? known.get(current.id.client) : undefined;
    // Unknown author (written before the room loaded) or their own other tab: nothing to tell.
    if (current && !current.deleted && !sawIt && author && author.id !== writer.id) {
      candidate = { ...place, item: struct, value, previous: { id: current.id, value: current.content.getContent().at(-1), author } };
      candidates.set(`${idKey(struct.id)}`, candidate);
    }
    ownPlaced.set(idKey(struct.id), candidate);
  }
  if (candidates.size === 0) return () => [];

  return () => {
    const events: ActivityEvent[] = [];
    const at = new Date();
    for (const c of candidates.values()) {
      if (!hasStruct(doc, c.item.id) || sameValue(plain(c.value), plain(c.previous.value))) continue; // refused, or no real clash
      const now = c.map._map.get(c.field);
      const writerKept = now !== undefined && now.id.client === c.item.id.client;
      const mine = { userId: writer.id, name: writer.name, value: plain(c.value) };
      const theirs = { userId: c.previous.author.id, name: c.previous.author.name, value: plain(c.previous.value) };
      const kept = writerKept ? mine : theirs;
      const overwritten = writerKept ? theirs : mine;
      const deal = readDealById(doc, c.dealId);
      const label = deal && isValid(deal) ? dealLabel(deal) : 'a deal';
      events.push(
        makeEvent({
          boardId,
          actor: writer,
          type: 'deal.conflict',
          at,
          dealId: c.dealId,
          summary: `${writer.name} and ${theirs.name} changed ${c.field} on ${label} at the same time; ${kept.name}'s value was kept`,
          data: { field: c.field, kept, overwritten },
        }),
      );
    }
    return events;
  };
}
