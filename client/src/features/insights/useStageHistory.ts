/**
 * The board's stage changes from the activity log (newest pages first, up to a bound), fetched
 * when Insights opens and again when a new deal or move is announced live.
 */
import { useEffect, useState } from 'react';
import type { ActivityEvent } from '../../../../shared/src/events';
import { stageEntries, type StageEntry } from '../../model';
import type { BoardConnection } from '../../connection';
import { fetchActivityPage } from '../activity/activityApi';

const PAGE = 200;
const MAX_PAGES = 25;

export function useStageHistory(conn: BoardConnection): { entries: StageEntry[]; complete: boolean } | null {
  const [state, setState] = useState<{ entries: StageEntry[]; complete: boolean } | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => conn.onActivity((e) => (e.type === 'deal.created' || e.type === 'deal.moved') && setVersion((v) => v + 1)), [conn]);
  useEffect(() => {
    const abort = new AbortController();
    void (async () => {
      const events: ActivityEvent[] = [];
      let before: string | undefined;
      let complete = false;
      for (let page = 0; page < MAX_PAGES; page++) {
        const list = await fetchActivityPage(conn.boardId, { limit: PAGE, ...(before ? { before } : {}) }, abort.signal);
        events.push(...list);
        before = list[list.length - 1]?.id;
        if (list.length < PAGE) {
          complete = true;
          break;
        }
      }
      if (!abort.signal.aborted) setState({ entries: stageEntries(events), complete });
    })().catch(() => undefined);
    return () => abort.abort();
  }, [conn, version]);
  return state;
}
