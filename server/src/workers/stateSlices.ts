/**
 * A document's whole state as many small updates instead of one, in an order where each
 * slice needs only what earlier slices hold: applied one after another, with the event loop
 * free between them, they build the same document as the one big update, and no slice waits
 * (Yjs's pending structs) for a later one. A 10,000-deal board is about 15 MiB; applied as
 * one update it held the server's loop for seconds, every other board on the process with it.
 *
 * Each slice holds, per client, the next run of that client's structs. A struct goes into a
 * slice only once everything it refers to (its left and right origins, its parent) is in that
 * slice or an earlier one; a struct's references always existed before it, so this always
 * terminates. The delete set comes last, in slices of its own (it only marks what exists).
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

/** About how many structs one slice holds (5-15 ms to apply on this 2-core machine: a 10,000-deal board is about 500 slices). */
export const STRUCTS_PER_SLICE = 1_000;

/**
 * Delete-set ranges per slice: applying a range splits items and searches the struct store,
 * several times a struct's cost (1,000 ranges took 20-60 ms, among a cold load's longest blocks).
 */
export const RANGES_PER_SLICE = 250;

type Struct = Y.Item | Y.GC;

/** The ids a struct refers to: they must be applied before it. */
function referencesOf(struct: Struct): Y.ID[] {
  if (!(struct instanceof Y.Item)) return [];
  const out: Y.ID[] = [];
  if (struct.origin) out.push(struct.origin);
  if (struct.rightOrigin) out.push(struct.rightOrigin);
  const parent: unknown = struct.parent;
  const parentItem = parent instanceof Y.AbstractType ? parent._item : null;
  if (parentItem) out.push(parentItem.id);
  return out;
}

class SliceWriter {
  readonly slices: Uint8Array[] = [];
  private runs = new Map<number, Struct[]>();
  private count = 0;

  constructor(private readonly perSlice: number) {}

  add(struct: Struct): void {
    const run = this.runs.get(struct.id.client);
    if (run) run.push(struct);
    else this.runs.set(struct.id.client, [struct]);
    if (++this.count >= this.perSlice) this.flush();
  }

  /** Writes the runs as one v1 update (Yjs's own layout: per client, count, client, first clock, structs; then an empty delete set). */
  flush(): void {
    if (this.count === 0) return;
    const encoder = new Y.UpdateEncoderV1();
    encoding.writeVarUint(encoder.restEncoder, this.runs.size);
    for (const [client, run] of [...this.runs].sort((a, b) => b[0] - a[0])) {
      encoding.writeVarUint(encoder.restEncoder, run.length);
      encoder.writeClient(client);
      encoding.writeVarUint(encoder.restEncoder, run[0]!.id.clock);
      for (const struct of run) struct.write(encoder, 0);
    }
    encoding.writeVarUint(encoder.restEncoder, 0);
    this.slices.push(encoder.toUint8Array());
    this.runs = new Map();
    this.count = 0;
  }
}

/** The state of `doc` as slices to apply in order (see the file's comment). */
export function encodeStateAsSlices(doc: Y.Doc, structsPerSlice = STRUCTS_PER_SLICE, rangesPerSlice = RANGES_PER_SLICE): Uint8Array[] {
  const clients = doc.store.clients as Map<number, Struct[]>;
  /** Per client: the index of its next struct to write. */
  const next = new Map<number, number>();
  const writer = new SliceWriter(structsPerSlice);
  const written = (id: Y.ID): boolean => {
    const structs = clients.get(id.client);
    const index = next.get(id.client) ?? 0;
    // A reference to a client the document lacks cannot be met by any order: leave it to Yjs.
    if (!structs) return true;
    const reached = index < structs.length ? structs[index]!.id.clock : Infinity;
    return id.clock < reached;
  };

  for (const [client, structs] of clients) {
    const stack: Array<{ client: number; clock: number }> = [{ client, clock: structs.at(-1)!.id.clock }];
    while (stack.length > 0) {
      const goal = stack.at(-1)!;
      if (written(goal)) {
        stack.pop();
        continue;
      }
      const own = clients.get(goal.client)!;
      const index = next.get(goal.client) ?? 0;
      const struct = own[index]!;
      const missing = referencesOf(struct).find((id) => !written(id));
      if (missing) {
        if (missing.client === goal.client) throw new Error(`struct ${goal.client}:${struct.id.clock} refers ahead to its own client's ${missing.clock}`);
        stack.push({ client: missing.client, clock: missing.clock });
        continue;
      }
      writer.add(struct);
      next.set(goal.client, index + 1);
    }
  }
  writer.flush();
  return [...writer.slices, ...deleteSetSlices(doc, rangesPerSlice)];
}

/**
 * The document's delete set as updates without structs, a slice of its ranges each (a
 * 10,000-deal board's overwritten fields make about a hundred thousand ranges). Always at
 * least one, so an empty document still gives one update.
 */
function deleteSetSlices(doc: Y.Doc, rangesPerSlice: number): Uint8Array[] {
  const ranges: Array<{ client: number; clock: number; len: number }> = [];
  const deleteSet = Y.createDeleteSetFromStructStore(doc.store);
  for (const [client, items] of [...deleteSet.clients].sort((a, b) => b[0] - a[0])) {
    for (const { clock, len } of items) ranges.push({ client, clock, len });
  }
  const slices: Uint8Array[] = [];
  for (let from = 0; from === 0 || from < ranges.length; from += rangesPerSlice) {
    const byClient = new Map<number, Array<{ clock: number; len: number }>>();
    for (const { client, clock, len } of ranges.slice(from, from + rangesPerSlice)) {
      const list = byClient.get(client);
      if (list) list.push({ clock, len });
      else byClient.set(client, [{ clock, len }]);
    }
    // Yjs's layout: no structs; per client, the client, its range count, then (clock, length) pairs.
    const encoder = new Y.UpdateEncoderV1();
    encoding.writeVarUint(encoder.restEncoder, 0);
    encoding.writeVarUint(encoder.restEncoder, byClient.size);
    for (const [client, list] of byClient) {
      encoder.resetDsCurVal();
      encoding.writeVarUint(encoder.restEncoder, client);
      encoding.writeVarUint(encoder.restEncoder, list.length);
      for (const { clock, len } of list) {
        encoder.writeDsClock(clock);
        encoder.writeDsLen(len);
      }
    }
    slices.push(encoder.toUint8Array());
  }
  return slices;
}

/** Applies slices one by one, letting the event loop run between them. */
export async function applySlices(doc: Y.Doc, slices: readonly Uint8Array[], origin: unknown): Promise<void> {
  for (const slice of slices) {
    Y.applyUpdate(doc, slice, origin);
    await nextTurn();
  }
}
