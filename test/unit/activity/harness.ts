/**
 * A server doc with the activity deriver attached, and one client doc per
 * person. A client edits its own doc; `as()` then ships the difference to the
 * server with Y.applyUpdate(server, update, connection): exactly how the
 * server sees a remote change.
 */
import * as Y from 'yjs';
import type { ActivityEvent, Actor } from '../../../shared/src/events';
import { type ActivityDeriver, attachActivityDeriver } from '../../../server/src/activity/deriveActivity';
import { SYSTEM_ORIGIN, createDeal, initBoard } from '../../../shared/src/board';

export const ADA: Actor = { id: 'u-ada', name: 'Ada' };
export const BOB: Actor = { id: 'u-bob', name: 'Bob' };

/** Stand-ins for the server's connection objects. */
export const ADA_CONNECTION = { connection: 'ada' };
export const BOB_CONNECTION = { connection: 'bob' };
/** An origin the server does not attribute (like loading from disk). */
export const LOAD_ORIGIN = { connection: 'disk' };

export interface Harness {
  server: Y.Doc;
  events: ActivityEvent[];
  deriver: ActivityDeriver;
  /**
   * Runs `edit` on the person's client doc, then applies the resulting update to the
   * server with their connection as origin.
   */
  as<T>(connection: object, edit: (doc: Y.Doc) => T): T;
  /** Applies `edit` to the server doc through a throwaway client with an unattributed origin. */
  load<T>(edit: (doc: Y.Doc) => T): T;
  /** Events of one type. */
  ofType(type: ActivityEvent['type']): ActivityEvent[];
}

export function createHarness(options: { quietMs?: number; now?: () => Date } = {}): Harness {
  const server = new Y.Doc();
  const events: ActivityEvent[] = [];
  const actors = new Map<unknown, Actor>([
    [ADA_CONNECTION, ADA],
    [BOB_CONNECTION, BOB],
  ]);
  const deriver = attachActivityDeriver(server, {
    boardId: 'board-1',
    resolveActor: (origin) => actors.get(origin) ?? null,
    onEvents: (batch) => events.push(...batch),
    ...options,
  });
  const clients = new Map<object, Y.Doc>();

  const ship = (client: Y.Doc, origin: object) => {
    const update = Y.encodeStateAsUpdate(client, Y.encodeStateVector(server));
    Y.applyUpdate(server, update, origin);
  };
  const catchUp = (client: Y.Doc) => {
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server, Y.encodeStateVector(client)), 'server');
  };

  return {
    server,
    events,
    deriver,
    as(connection, edit) {
      let client = clients.get(connection);
      if (!client) {
        client = new Y.Doc();
        clients.set(connection, client);
      }
      catchUp(client);
      const result = edit(client);
      ship(client, connection);
      return result;
    },
    load(edit) {
      const client = new Y.Doc();
      catchUp(client);
      const result = edit(client);
      ship(client, LOAD_ORIGIN);
      return result;
    },
    ofType: (type) => events.filter((event) => event.type === type),
  };
}

/** Unwraps a mutation result, failing the test on an error. */
export function must<T>(result: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T {
  if (!result.ok) throw new Error(`mutation failed: ${result.error.code} ${result.error.message}`);
  return result.value;
}

export interface SeededBoard {
  columns: { rumoured: string; inTalks: string; agreed: string; review: string; closed: string; abandoned: string };
  /** "Amazon invests in OpenAI" (Amazon → OpenAI), in Rumoured, created while loading (no activity). */
  dealId: string;
}

/** The pipeline template plus one deal, written with an unattributed origin (like loading from disk). */
export function seedBoard(h: Harness): SeededBoard {
  const ids = h.load((doc) => must(initBoard(doc, { name: 'AI deals', template: 'pipeline' }, SYSTEM_ORIGIN)).columnIds);
  const [rumoured = '', inTalks = '', agreed = '', review = '', closed = '', abandoned = ''] = ids;
  const { dealId } = h.load((doc) =>
    must(createDeal(doc, { columnId: rumoured, title: 'Amazon invests in OpenAI', acquirer: 'Amazon', target: 'OpenAI', kind: 'investment' }, SYSTEM_ORIGIN)),
  );
  return { columns: { rumoured, inTalks, agreed, review, closed, abandoned }, dealId };
}
