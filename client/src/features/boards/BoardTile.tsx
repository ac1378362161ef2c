/** One board in the list: mark, name, its stages as a colour strip, deal count, my role, last update. */
import type { BoardSummary } from '../../api';
import { boardHref } from '../../lib/route';
import { boardInitials, colorFor, safeColor } from '../../lib/color';
import { formatRelative } from '../../lib/format';
import { Menu } from '../../ui/Menu';

export interface BoardStats {
  dealCount: number | null;
  stages: Array<{ id: string; name: string; color: string | null }>;
}

export function BoardTile({
  board,
  stats,
  now,
  onMembers,
  onRename,
  onDelete,
}: {
  board: BoardSummary;
  stats: BoardStats | undefined;
  now: number;
  onMembers: () => void;
  onRename: () => void;
  onDelete: () => void;
}) {
  return (
    <li className="board-tile" data-board-id={board.id}>
      <a className="board-tile-link" href={boardHref(board.id)} aria-label={`Open ${board.name}`}>
        <span className="board-tile-mark" style={{ background: colorFor(board.id) }} aria-hidden="true">
          {boardInitials(board.name)}
        </span>
        <span className="board-tile-name">{board.name}</span>
        <span className="board-tile-stages" aria-hidden="true">
          {stats && stats.stages.length > 0 ? (
            stats.stages.map((s) => <span key={s.id} title={s.name} style={{ background: safeColor(s.color) }} />)
          ) : (
            <span className="board-tile-stages-empty" />
          )}
        </span>
        <span className="board-tile-meta">
          <span className={`badge badge-${board.role}`}>{board.role}</span>
          {stats?.dealCount != null ? (
            <span className="board-tile-count">
              {stats.dealCount} deal{stats.dealCount === 1 ? '' : 's'} · {stats.stages.length} stage{stats.stages.length === 1 ? '' : 's'}
            </span>
          ) : null}
          <span className="spacer" />
          <span className="muted">{formatRelative(board.updatedAt, now)}</span>
        </span>
      </a>
      {board.role === 'owner' ? (
        <div className="board-tile-menu">
          <Menu
            label={`Board actions for ${board.name}`}
            items={[
              { label: 'Members…', icon: 'users', onSelect: onMembers },
              { label: 'Rename…', icon: 'edit', onSelect: onRename },
              'separator',
              { label: 'Delete board…', icon: 'trash', danger: true, onSelect: onDelete },
            ]}
          />
        </div>
      ) : null}
    </li>
  );
}
