/**
 * One server fuzz run: the random operations of ops.ts made at replicas that reach a real
 * BoardRoom only through in-memory sockets (syncReplica.ts), with frames delivered in random
 * interleavings, commits through a real SqliteStore, random disconnects and reconnects, and a
 * viewer whose writes must never land. After healing: every editor equals the server, the
 * viewer holds the server's state and nothing of its own reached it, identity fields are the
 * server's stamps, and the board reloaded from the store (a second store on the same file)
 * equals the server's document.
 */
import * as Y from 'yjs';
import * as board from '../../shared/src/board';
import { BoardRoom } from '../../server/src/sync/BoardRoom';
import type { ConnectionUser } from '../../server/src/sync/RoomConnection';
import { isTransactionOrigin } from '../../server/src/sync/origin';
import { attachActivityDeriver } from '../../server/src/activity/deriveActivity';
import type { Store } from '../../server/src/store/Store';
import type { Role } from '../../shared/src/roles';
import { randomOp } from './ops';
import { random } from './random';
import { canonical, checkInvariants, snapshot } from './invariants';
import { SyncReplica } from './syncReplica';

export interface ServerFuzzEnv {
  /** The store the room commits to. */
  store: Store;
  /** A second store on the same database file, to reload the board from disk. */
  reload: Store;
  /** A user that exists in the store, to own the boards. */
  ownerId: string;
}

export interface ServerRunReport {
  okOps: number;
  commits: number;
  deals: number;
}

/** Runs so far in this process: a seed run again (a named regression seed) gets a board of its own. */
let runs = 0;

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The identity the server must have stamped on each deal: its creator and its last writer,
 * as seen from the server's side (the connection whose transaction added or touched it).
 */
function trackIdentity(doc: Y.Doc): { creators: Map<string, string>; writers: Map<string, string>; initialAuthors: Map<string, string> } {
  const deals = board.dealsMap(doc);
  const creators = new Map<string, string>();
  const writers = new Map<string, string>();
  /** Comments the server itself wrote when creating the board (the demo's), by their author. */
  const initialAuthors = new Map<string, string>();
  for (const deal of board.readDeals(doc).filter(board.isValid)) {
    creators.set(deal.id, deal.createdBy);
    writers.set(deal.id, deal.updatedBy);
    for (const comment of deal.comments) initialAuthors.set(comment.id, comment.authorId);
  }
  deals.observeDeep((events, transaction) => {
    const origin: unknown = transaction.origin;
    if (!isTransactionOrigin(origin) || origin.source !== 'connection') return;
    const { connection } = origin;
    for (const event of events) {
      if (event.target === deals) {
        event.changes.keys.forEach((change, id) => {
          if (change.action === 'delete') return;
          creators.set(id, connection.user.id);
          writers.set(id, connection.user.id);
        });
        continue;
      }
      const id = event.path[0];
      if (typeof id === 'string') writers.set(id, connection.user.id);
    }
  });
  return { creators, writers, initialAuthors };
}

/** Run seed `seed`; throws an Error naming the seed and the step on any failure. */
export async function runServerSeed(seed: number, env: ServerFuzzEnv): Promise<ServerRunReport> {
  const rnd = random(seed);
  const fail = (step: number | string, message: string): never => {
    throw new Error(`server fuzz seed ${seed} (step ${step}): ${message}`);
  };
  const boardId = `fuzz-${seed}-${rnd.id()}-${++runs}`;
  await env.store.createBoard({ id: boardId, name: 'Fuzz board', ownerId: env.ownerId });
  let commits = 0;
  const room = await BoardRoom.load({
    boardId,
    store: env.store,
    publisher: { saved: () => commits++, activity: () => undefined },
    compactEvery: 5 + rnd.int(40),
    attachActivity: (doc, options) => attachActivityDeriver(doc, { ...options, quietMs: 60_000 }),
  });
  let clock = Date.parse('2026-01-29T12:00:00.000Z');
  const options = () => ({ now: new Date(clock), newId: () => rnd.id() });

  // The board is created on the server, as POST /api/boards does.
  const init = rnd.chance(0.2)
    ? board.buildDemoBoard(room.doc, { now: new Date(clock) }, board.SYSTEM_ORIGIN, { newId: () => rnd.id() })
    : board.initBoard(room.doc, { name: 'Fuzz board', template: rnd.chance(0.9) ? 'pipeline' : 'empty' }, board.SYSTEM_ORIGIN, options());
  if (!init.ok) fail(0, `init failed: ${init.error.message}`);
  const identity = trackIdentity(room.doc);

  const people: Array<{ user: ConnectionUser; role: Role }> = [
    { user: { id: `owner-${seed}`, name: 'Owner', color: '#000000' }, role: 'owner' },
    ...Array.from({ length: 1 + rnd.int(3) }, (_, i) => ({
      user: { id: `editor-${seed}-${i}`, name: `Editor ${i}`, color: '#000000' },
      role: 'editor' as Role,
    })),
    { user: { id: `viewer-${seed}`, name: 'Viewer', color: '#000000' }, role: 'viewer' },
  ];
  const replicas = people.map(({ user, role }) => {
    const doc = new Y.Doc();
    doc.clientID = 1 + rnd.int(0x7fffffff);
    return new SyncReplica(doc, user, role, room);
  });
  const viewer = replicas.at(-1)!;
  const writerIds = new Set(people.filter((p) => p.role !== 'viewer').map((p) => p.user.id));
  for (const replica of replicas) replica.connect();

  const steps = rnd.chance(0.1) ? 200 : 40 + rnd.int(60);
  let okOps = 0;
  try {
    for (let step = 1; step <= steps; step++) {
      clock += rnd.int(6 * 3_600_000);
      const roll = rnd.next();
      const replica = rnd.pick(replicas)!;
      try {
        if (roll < 0.35) {
          const op = randomOp({ doc: replica.doc, rnd, options: options() });
          if (op?.result.ok) okOps++;
        } else if (roll < 0.75) {
          for (let i = rnd.int(6); i >= 0; i--) {
            const target = rnd.pick(replicas.filter((r) => r.inFlight > 0));
            if (!target) break;
            const toServerFirst = rnd.chance(0.5);
            if (!(toServerFirst ? target.deliverToServer() : target.deliverToClient())) {
              if (toServerFirst) target.deliverToClient();
              else target.deliverToServer();
            }
          }
        } else if (roll < 0.88) {
          await tick(); // lets the room commit a batch (group commit runs on setImmediate)
        } else if (roll < 0.94) {
          replica.disconnect();
        } else if (!replica.connected) {
          replica.connect();
        }
      } catch (error) {
        fail(step, (error as Error).stack ?? String(error));
      }
      if (step % 20 === 0) {
        const problems = checkInvariants(room.doc, new Date(clock), false);
        if (problems.length > 0) fail(step, `server invariants mid-run: ${problems.join('; ')}`);
      }
    }

    // Heal: everyone reconnects (a full handshake), then frames and commits run dry.
    for (const replica of replicas) replica.connect();
    for (let round = 0; ; round++) {
      let moved = false;
      for (const replica of replicas) while (replica.deliverToServer() || replica.deliverToClient()) moved = true;
      await room.flush();
      if (!moved && replicas.every((r) => r.inFlight === 0)) break;
      if (round > 1_000) fail('heal', 'frames never ran dry');
    }

    const sv = Y.encodeStateVector(room.doc);
    const json = snapshot(room.doc);
    const now = new Date(clock);
    const serverProblems = checkInvariants(room.doc, now);
    if (serverProblems.length > 0) fail('end', `server: ${serverProblems.join('; ')}`);
    for (const [i, replica] of replicas.entries()) {
      if (replica === viewer) continue;
      if (!sameBytes(sv, Y.encodeStateVector(replica.doc))) fail('end', `replica ${i} (${replica.role}) state vector differs from the server's`);
      if (snapshot(replica.doc) !== json) fail('end', `replica ${i} (${replica.role}) differs from the server:\n${snapshot(replica.doc)}\nvs\n${json}`);
    }
    const serverClock = Y.decodeStateVector(sv);
    if (serverClock.has(viewer.doc.clientID)) fail('end', "the viewer's writes landed on the server");
    const viewerClock = Y.decodeStateVector(Y.encodeStateVector(viewer.doc));
    for (const [client, clock] of serverClock) {
      if ((viewerClock.get(client) ?? 0) < clock) fail('end', 'the viewer lacks part of the server state');
    }
    if (!sameBytes(room.committedStateVector, sv)) fail('end', 'the last board:saved state vector is not the document state');

    // Identity: the server's stamps on every record.
    board.dealsMap(room.doc).forEach((value, id) => {
      if (!(value instanceof Y.Map)) return;
      const expected = { createdBy: identity.creators.get(id), updatedBy: identity.writers.get(id) };
      const actual = { createdBy: value.get('createdBy'), updatedBy: value.get('updatedBy') };
      if (canonical(actual) !== canonical(expected)) fail('end', `deal ${id} carries ${canonical(actual)}, the server saw ${canonical(expected)}`);
      const deal = board.readDealById(room.doc, id);
      for (const comment of deal && board.isValid(deal) ? deal.comments : []) {
        const initial = identity.initialAuthors.get(comment.id);
        if (initial !== undefined ? comment.authorId !== initial : !writerIds.has(comment.authorId)) {
          fail('end', `comment ${comment.id} on deal ${id} is by ${comment.authorId}`);
        }
      }
    });
    for (const update of await env.store.listUpdates(boardId)) {
      if (update.userId !== null && !writerIds.has(update.userId)) fail('end', `an update is stored as by ${update.userId}`);
    }

    // What is on disk is what the server holds: a room loaded from it (snapshot plus log tail).
    const reloaded = await BoardRoom.load({
      boardId,
      store: env.reload,
      publisher: { saved: () => undefined, activity: () => undefined },
      compactEvery: 1_000,
    });
    try {
      if (!sameBytes(sv, Y.encodeStateVector(reloaded.doc))) fail('end', 'the store reload has a different state vector');
      if (snapshot(reloaded.doc) !== json) fail('end', `the store reload differs:\n${snapshot(reloaded.doc)}\nvs\n${json}`);
    } finally {
      reloaded.destroy();
    }
    return { okOps, commits, deals: board.dealsMap(room.doc).size };
  } finally {
    for (const replica of replicas) {
      replica.disconnect();
      replica.doc.destroy();
    }
    await room.close();
    room.destroy();
  }
}
