/** The deriver's edges: local transactions, a doc that already has content, failures, ids, REST builders. */
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { SYSTEM_ORIGIN, createDeal, deleteDeal, initBoard, moveDeal, readColumns, userOrigin } from '../../../shared/src/board';
import type { ActivityEvent, Actor } from '../../../shared/src/events';
import { attachActivityDeriver } from '../../../server/src/activity/deriveActivity';
import { newEventId } from '../../../server/src/activity/eventFactory';
import { boardRenamedEvent, memberChangedEvent } from '../../../server/src/activity/restEvents';
import { ADA, must } from './harness';
import { onLogLine } from '../../../server/src/log';

const SYSTEM: Actor = { id: 'system', name: 'Tranche' };

function boardDoc() {
  const doc = new Y.Doc();
  must(initBoard(doc, { name: 'AI deals', template: 'pipeline' }, SYSTEM_ORIGIN));
  const columns = readColumns(doc).map((c) => c.id);
  const { dealId } = must(createDeal(doc, { columnId: columns[0] ?? '', title: 'Anthropic raise' }, SYSTEM_ORIGIN));
  return { doc, columns, dealId };
}

describe('attachActivityDeriver', () => {
  it('derives from local transactions too, with whatever actor the origin resolves to', () => {
    const { doc, columns } = boardDoc();
    const events: ActivityEvent[] = [];
    const ada = userOrigin(ADA.id);
    attachActivityDeriver(doc, {
      boardId: 'b',
      resolveActor: (origin) => (origin === SYSTEM_ORIGIN ? SYSTEM : origin === ada ? ADA : null),
      onEvents: (batch) => events.push(...batch),
    });
    must(createDeal(doc, { columnId: columns[1] ?? '', title: 'Demo deal' }, SYSTEM_ORIGIN));
    must(createDeal(doc, { columnId: columns[1] ?? '', title: 'Mine' }, ada));
    must(createDeal(doc, { columnId: columns[1] ?? '', title: 'Nobody' }, userOrigin('unknown')));
    expect(events.map((e) => [e.actor.id, e.summary])).toEqual([
      ['system', 'Tranche created Demo deal in In talks'],
      [ADA.id, 'Ada created Mine in In talks'],
    ]);
  });

  it('knows the labels of what the document held before it was attached', () => {
    const { doc, dealId } = boardDoc();
    const events: ActivityEvent[] = [];
    attachActivityDeriver(doc, { boardId: 'b', resolveActor: () => ADA, onEvents: (batch) => events.push(...batch) });
    must(deleteDeal(doc, { dealId }, userOrigin(ADA.id)));
    expect(events.map((e) => e.summary)).toEqual(['Ada deleted Anthropic raise']);
  });

  it('a failing onEvents is logged, never thrown into the transaction', () => {
    const { doc, columns, dealId } = boardDoc();
    const lines: string[] = [];
    const stopListening = onLogLine((line) => void lines.push(line));
    attachActivityDeriver(doc, {
      boardId: 'b',
      resolveActor: () => ADA,
      onEvents: () => {
        throw new Error('socket gone');
      },
    });
    expect(() => must(moveDeal(doc, { dealId, toColumnId: columns[2] ?? '' }, userOrigin(ADA.id)))).not.toThrow();
    stopListening();
    expect(lines.some((line) => line.includes('socket gone') || line.includes('"level":"error"'))).toBe(true);
  });

  it('uses the injected clock for `at`, and ids sort by time', () => {
    const { doc, columns, dealId } = boardDoc();
    const events: ActivityEvent[] = [];
    let clock = Date.parse('2026-01-01T00:00:00Z');
    attachActivityDeriver(doc, {
      boardId: 'b',
      resolveActor: () => ADA,
      onEvents: (batch) => events.push(...batch),
      now: () => new Date(clock),
    });
    for (const column of [columns[1], columns[2], columns[3]]) {
      must(moveDeal(doc, { dealId, toColumnId: column ?? '' }, userOrigin(ADA.id)));
      clock += 1;
    }
    expect(events.map((e) => e.at)).toEqual(['2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.001Z', '2026-01-01T00:00:00.002Z']);
    const ids = events.map((e) => e.id);
    expect([...ids].sort()).toEqual(ids);
  });
});

describe('newEventId', () => {
  it('is unique and ordered, also within one millisecond', () => {
    const at = new Date('2026-01-01T00:00:00Z');
    const ids = Array.from({ length: 100 }, () => newEventId(at));
    expect(new Set(ids).size).toBe(100);
    expect([...ids].sort()).toEqual(ids);
    expect(newEventId(new Date(at.getTime() + 1)) > ids[99]!).toBe(true);
    expect(newEventId(new Date('2100-01-01T00:00:00Z')) > newEventId(new Date('2099-12-31T23:59:59Z'))).toBe(true);
  });
});

describe('REST-originated events', () => {
  it('memberChangedEvent', () => {
    const added = memberChangedEvent('b', ADA, { userId: 'u-bob', name: 'Bob', role: 'editor' });
    expect(added).toMatchObject({
      boardId: 'b',
      actor: ADA,
      type: 'member.changed',
      summary: 'Ada made Bob an editor',
      data: { userId: 'u-bob', name: 'Bob', role: 'editor' },
    });
    const removed = memberChangedEvent('b', ADA, { userId: 'u-bob', name: 'Bob', role: null });
    expect(removed.summary).toBe('Ada removed Bob from the board');
    expect(removed.type === 'member.changed' && removed.data.role).toBeNull();
    expect(removed.dealId).toBeUndefined();
  });

  it('boardRenamedEvent', () => {
    const at = new Date('2026-02-02T10:00:00Z');
    const event = boardRenamedEvent('b', ADA, { from: 'Pipeline', to: 'AI deals' }, at);
    expect(event).toMatchObject({
      type: 'board.renamed',
      at: at.toISOString(),
      summary: 'Ada renamed the board Pipeline to AI deals',
      data: { from: 'Pipeline', to: 'AI deals' },
    });
  });
});
