/**
 * BoardStore, the client's adapter from the shared selectors to useSyncExternalStore, in Node
 * over real Y.Docs: one notification per transaction, remote changes told before subscribers,
 * and snapshots that keep their identity while unchanged.
 */
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { BoardStore } from '../../../client/src/hooks/boardStore';
import { EMPTY_FILTER, archiveDeal, dealsMap, moveDeal, setBoardInfo, updateDeal, type DealFilter } from '../../../shared/src/board';
import { linkDocs, type DocLink } from '../../helpers/linkDocs';
import { ADA, BOB, pipelineBoard, seedDeals, value } from '../board/util';

const cleanup: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanup.splice(0)) c();
});

/** A board at `writer`, a replica with a BoardStore, and the link between them (synced). */
function setup(): { writer: Y.Doc; replica: Y.Doc; store: BoardStore; link: DocLink; columns: ReturnType<typeof pipelineBoard>['columns'] } {
  const { doc: writer, columns } = pipelineBoard();
  const replica = new Y.Doc();
  const link = linkDocs(writer, replica);
  link.sync();
  const store = new BoardStore(replica);
  cleanup.push(
    () => store.destroy(),
    () => link.destroy(),
  );
  return { writer, replica, store, link, columns };
}

describe('BoardStore', () => {
  it('notifies subscribers once per transaction that changed the document, not for empty ones', () => {
    const { writer, replica, store, link, columns } = setup();
    let calls = 0;
    store.subscribe(() => calls++);
    seedDeals(writer, columns.talks, ['A', 'B']);
    link.flush();
    expect(calls).toBe(2);
    const version = store.version;
    replica.transact(() => {});
    expect(calls).toBe(2);
    expect(store.version).toBe(version);
  });

  it('tells remote deal changes (moved, created, updated) before subscribers run, never local ones', () => {
    const { writer, replica, store, link, columns } = setup();
    const [a, b] = seedDeals(writer, columns.talks, ['A', 'B']) as [string, string];
    const order: string[] = [];
    const changes: Array<{ moved: string[]; created: string[]; updated: string[] }> = [];
    store.onRemoteChange((c) => {
      order.push('remote');
      changes.push({ moved: [...c.moved], created: [...c.created], updated: [...c.updated] });
    });
    store.subscribe(() => order.push('subscriber'));
    link.flush();
    expect(changes).toEqual([
      { moved: [], created: [a], updated: [a] },
      { moved: [], created: [b], updated: [b] },
    ]);
    changes.length = 0;
    order.length = 0;

    value(moveDeal(writer, { dealId: a, toColumnId: columns.agreed }, BOB));
    value(updateDeal(writer, { dealId: b, patch: { amount: 5 } }, BOB));
    link.flush();
    expect(changes).toEqual([
      { moved: [a], created: [], updated: [a] },
      { moved: [], created: [], updated: [b] },
    ]);
    expect(order).toEqual(['remote', 'subscriber', 'remote', 'subscriber']);

    changes.length = 0;
    value(archiveDeal(replica, { dealId: b }, ADA)); // local: subscribers only
    expect(changes).toEqual([]);
    expect(order.at(-1)).toBe('subscriber');
  });

  it('snapshots keep their identity until what they show changed', () => {
    const { writer, store, link, columns } = setup();
    const [a, b] = seedDeals(writer, columns.talks, ['A', 'B']) as [string, string];
    link.flush();
    const filter: DealFilter = { ...EMPTY_FILTER };
    const lanes = store.lanes(filter);
    const dealA = store.deal(a);
    const dealB = store.deal(b);
    const deals = store.deals();
    expect(store.lanes({ ...EMPTY_FILTER })).toBe(lanes);
    expect(store.deal(a)).toBe(dealA);

    value(setBoardInfo(writer, { name: 'Renamed' }, BOB));
    link.flush();
    expect(store.info().name).toBe('Renamed');
    expect(store.lanes(filter)).toBe(lanes);
    expect(store.deals()).toBe(deals);

    value(moveDeal(writer, { dealId: a, toColumnId: columns.agreed }, BOB));
    link.flush();
    const next = store.lanes(filter);
    expect(next.map((l, i) => l === lanes[i])).toEqual([true, false, false, true, true, true]);
    expect(store.deal(a)).not.toBe(dealA);
    expect(store.deal(b)).toBe(dealB);
    expect(next[2]?.deals.map((d) => d.title)).toEqual(['A']);
  });

  it('reads through the shared selectors: filter, tags, invalid deals, columns', () => {
    const { writer, store, link, columns } = setup();
    const [a] = seedDeals(writer, columns.talks, ['OpenAI round', 'Other']) as [string];
    value(updateDeal(writer, { dealId: a, patch: { tags: ['AI', 'cloud'] } }, BOB));
    link.flush();
    expect(store.lanes({ ...EMPTY_FILTER, text: 'openai' }).flatMap((l) => l.deals.map((d) => d.title))).toEqual(['OpenAI round']);
    expect(store.tags()).toEqual(['AI', 'cloud']);
    expect(store.columns().map((c) => c.name)).toEqual(['Rumoured', 'In talks', 'Agreed', 'Regulatory review', 'Closed', 'Abandoned']);
    writer.transact(() => dealsMap(writer).set('junk', 'not a map' as unknown as Y.Map<unknown>));
    link.flush();
    expect(store.invalidDeals().map((r) => r.id)).toEqual(['junk']);
    expect(
      store
        .lanes(EMPTY_FILTER)
        .at(-1)
        ?.invalid.map((r) => r.id),
    ).toEqual(['junk']);
  });

  it('after destroy it tells nobody', () => {
    const { writer, store, link, columns } = setup();
    let calls = 0;
    store.subscribe(() => calls++);
    store.onRemoteChange(() => calls++);
    store.destroy();
    seedDeals(writer, columns.talks, ['A']);
    link.flush();
    expect(calls).toBe(0);
  });
});
