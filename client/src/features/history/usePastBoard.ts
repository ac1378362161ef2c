/**
 * The board as it was at a moment, for time travel: the server's Yjs update of that state
 * (GET history/state?format=yjs) in a Y.Doc of its own, behind the same BoardStore the live
 * board uses, so columns, cards, totals and filters render through the same components.
 */
import { useEffect, useState } from 'react';
import * as Y from 'yjs';
import { BoardStore } from '../../hooks/boardStore';

export type PastBoard = { status: 'loading' } | { status: 'ready'; store: BoardStore } | { status: 'error'; message: string };

export function usePastBoard(boardId: string, at: string | null): PastBoard | null {
  const [past, setPast] = useState<PastBoard | null>(null);
  useEffect(() => {
    if (!at) {
      setPast(null);
      return;
    }
    let live = true;
    let made: BoardStore | null = null;
    // A new moment remounts the board on its own store (memoised lanes keep the old one's rows otherwise).
    setPast({ status: 'loading' });
    fetch(`/api/boards/${encodeURIComponent(boardId)}/history/state?at=${encodeURIComponent(at)}&format=yjs`, { credentials: 'same-origin' })
      .then(async (res) => {
        if (!res.ok) throw new Error(res.status === 400 ? 'That is not a valid moment.' : `The server answered ${res.status}.`);
        const doc = new Y.Doc();
        Y.applyUpdate(doc, new Uint8Array(await res.arrayBuffer()));
        made = new BoardStore(doc);
        if (live) setPast({ status: 'ready', store: made });
      })
      .catch((error: unknown) => live && setPast({ status: 'error', message: error instanceof Error ? error.message : String(error) }));
    return () => {
      live = false;
      made?.destroy();
    };
  }, [boardId, at]);
  return past;
}
