/** One fuzz run: replicas, a hostile network, random operations, then a full exchange and checks. */
import * as Y from 'yjs';
import * as board from '../../shared/src/board';
import { Network } from './network';
import { randomOp } from './ops';
import { random } from './random';
import { checkInvariants, snapshot } from './invariants';

export interface RunOptions {
  replicas?: number;
  steps?: number;
  /** Check invariants on a random replica every this many steps, mid-run (before convergence). */
  checkEvery?: number;
  /** Counts outcomes per operation ("moveDeal:ok", "editComment:forbidden", ...) when given. */
  stats?: Map<string, number>;
  /** Debug hook: every update applied from the network, by receiving replica. */
  trace?: (to: number, update: Uint8Array) => void;
}

export interface RunReport {
  ops: number;
  okOps: number;
  deals: number;
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

/** Run seed `seed`; throws an Error naming the seed and the step on any failure. */
export function runSeed(seed: number, options: RunOptions = {}): RunReport {
  const rnd = random(seed);
  const replicas = options.replicas ?? 3 + rnd.int(2);
  const steps = options.steps ?? (rnd.chance(0.1) ? 300 : 60 + rnd.int(60));
  const checkEvery = options.checkEvery ?? 25;
  const docs = Array.from({ length: replicas }, () => {
    const doc = new Y.Doc();
    doc.clientID = 1 + rnd.int(0x7fffffff);
    return doc;
  });
  const net = new Network(docs, rnd, options.trace);
  let clock = Date.parse('2026-01-29T12:00:00.000Z');
  const options0 = () => ({ now: new Date(clock), newId: () => rnd.id() });
  const fail = (step: number, message: string): never => {
    throw new Error(`fuzz seed ${seed} (replicas=${replicas}, step ${step}): ${message}`);
  };

  const init = rnd.chance(0.2)
    ? board.buildDemoBoard(docs[0]!, { now: new Date(clock) }, board.SYSTEM_ORIGIN, { newId: () => rnd.id() })
    : board.initBoard(docs[0]!, { name: 'Fuzz board', template: rnd.chance(0.9) ? 'pipeline' : 'empty' }, board.SYSTEM_ORIGIN, options0());
  if (!init.ok) fail(0, `init failed: ${init.error.message}`);

  let okOps = 0;
  for (let step = 1; step <= steps; step++) {
    clock += rnd.int(6 * 3_600_000);
    const roll = rnd.next();
    if (roll < 0.45) {
      const doc = rnd.pick(docs)!;
      const before = Y.encodeStateVector(doc);
      const beforeUpdate = rnd.chance(0.1) ? Y.encodeStateAsUpdate(doc) : null;
      let op;
      try {
        op = randomOp({ doc, rnd, options: options0() });
      } catch (error) {
        fail(step, `an operation threw: ${(error as Error).stack ?? String(error)}`);
      }
      if (!op) continue;
      const outcome = `${op.name}:${op.result.ok ? 'ok' : op.result.error.code}`;
      options.stats?.set(outcome, (options.stats.get(outcome) ?? 0) + 1);
      if (op.name === 'garbage' && op.result.ok) fail(step, 'garbage input was accepted');
      if (!op.result.ok) {
        if (!sameBytes(before, Y.encodeStateVector(doc))) fail(step, `${op.name} failed (${op.result.error.code}) but changed the doc`);
        if (beforeUpdate && !sameBytes(beforeUpdate, Y.encodeStateAsUpdate(doc))) fail(step, `${op.name} failed but the doc differs`);
      } else {
        okOps++;
        const problem = op.after?.();
        if (problem) fail(step, `${op.name}: ${problem}`);
      }
    } else if (roll < 0.9) {
      for (let i = rnd.int(4); i >= 0; i--) net.deliverOne();
    } else if (roll < 0.95) {
      if (!net.partitioned) net.partition();
    } else {
      net.heal(rnd.chance(0.5));
    }
    if (step % checkEvery === 0) {
      const problems = checkInvariants(rnd.pick(docs)!, new Date(clock), false);
      if (problems.length > 0) fail(step, `mid-run invariants: ${problems.join('; ')}`);
    }
  }

  // Full exchange: deliver everything, then a reconnect handshake, as y-websocket does.
  net.drain();
  net.syncAll();
  net.drain();
  const reference = docs[0]!;
  const sv = Y.encodeStateVector(reference);
  const json = snapshot(reference);
  for (const [i, doc] of docs.entries()) {
    if (doc.store.pendingStructs || doc.store.pendingDs)
      fail(
        steps,
        `replica ${i} has pending updates after the exchange: structs=${doc.store.pendingStructs ? JSON.stringify([...doc.store.pendingStructs.missing]) : null} ds=${doc.store.pendingDs ? Y.decodeUpdate(doc.store.pendingDs).ds.clients.size : null} sv=${JSON.stringify([...Y.decodeStateVector(Y.encodeStateVector(doc))])} ref=${JSON.stringify([...Y.decodeStateVector(sv)])}`,
      );
    if (!sameBytes(sv, Y.encodeStateVector(doc))) fail(steps, `replica ${i} state vector differs`);
    if (snapshot(doc) !== json) fail(steps, `replica ${i} content differs:\n${snapshot(doc)}\nvs\n${json}`);
    const problems = checkInvariants(doc, new Date(clock));
    if (problems.length > 0) fail(steps, `replica ${i}: ${problems.join('; ')}`);
  }
  return { ops: steps, okOps, deals: board.dealsMap(reference).size };
}
