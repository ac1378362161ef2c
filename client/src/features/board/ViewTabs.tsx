/** Board / Table / Insights: the three views of one board, each its own URL. */
import { boardHref, type BoardViewName } from '../../lib/route';

const LABELS: Record<BoardViewName, string> = { board: 'Board', table: 'Table', insights: 'Insights' };

export function ViewTabs({ boardId, view }: { boardId: string; view: BoardViewName }) {
  return (
    <nav className="view-tabs" aria-label="Board views">
      {(Object.keys(LABELS) as BoardViewName[]).map((v) => (
        <a key={v} className="view-tab" href={boardHref(boardId, null, v)} aria-current={v === view ? 'page' : undefined}>
          {LABELS[v]}
        </a>
      ))}
    </nav>
  );
}
