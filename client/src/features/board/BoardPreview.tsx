/**
 * The board as the server previewed it (shared/src/board/preview.ts), painted while the
 * document is still on its way: every stage with its real count and totals, and its first
 * cards, drawn by the board's own header and card components (a stage's converted roll-up
 * needs the board's rates, so it waits for the document). It is inert (nothing in it can
 * be clicked, focused or dragged) until the synced board replaces it; without a preview the
 * placeholder columns show, as before.
 */
import { useEffect } from 'react';
import type { BoardPreview, LanePreview } from '../../model';
import type { BoardConnection } from '../../connection';
import { Signal, useSignal } from '../../lib/signal';
import { BoardStoreContext } from '../../hooks/useBoard';
import { safeColor } from '../../lib/color';
import { NO_VIEWERS } from '../../hooks/usePresence';
import { LaneHeader, type ColumnActions } from './LaneHeader';
import { DealCard } from './DealCard';
import { BoardSkeleton } from './BoardSkeleton';

const NO_ACTIONS: ColumnActions = { rename: () => false, moveLeft: () => {}, moveRight: () => {}, settings: () => {}, remove: () => {} };

/** The connection's preview once it has arrived, else the placeholder columns. */
export function BoardPreviewOrSkeleton({ conn, label }: { conn: BoardConnection | null; label: string }) {
  const preview = useSignal(conn?.preview ?? NO_PREVIEW);
  if (!conn || !preview) return <BoardSkeleton label={label} />;
  // The cards' parts that read the board (round lines, converted totals) find it empty until it syncs.
  return (
    <BoardStoreContext.Provider value={conn.store}>
      <BoardPreviewView preview={preview} label={label} />
    </BoardStoreContext.Provider>
  );
}

function BoardPreviewView({ preview, label }: { preview: BoardPreview; label: string }) {
  // For the bench and the browser's performance tools: when the board was first shown.
  // (Once per page: the preview mounts again when the board's details arrive after it.)
  useEffect(() => {
    requestAnimationFrame(() => performance.getEntriesByName('board:preview').length === 0 && performance.mark('board:preview'));
  }, []);
  return (
    <>
      <div className="filterbar-preview" role="status">
        <span className="muted">Loading the full board…</span>
      </div>
      <div className="board-scroll" aria-busy="true" aria-label={label} data-testid="board-preview" inert>
        <div className="preview-lanes">
          {preview.lanes.map((lane) => (
            <PreviewLane key={lane.key} lane={lane} currency={preview.currency} owners={preview.owners} roundLines={preview.roundLines} />
          ))}
        </div>
      </div>
    </>
  );
}

function PreviewLane({
  lane,
  currency,
  owners,
  roundLines,
}: {
  lane: LanePreview;
  currency: string;
  owners: Record<string, string>;
  roundLines: Record<string, string>;
}) {
  const column = lane.column;
  return (
    <section
      className={`lane${column ? '' : ' lane-orphan'}`}
      style={{ ['--stage' as string]: safeColor(column?.color) }}
      aria-label={`Stage ${column?.name ?? 'No stage'}`}
    >
      <LaneHeader column={column} totals={lane.totals} insideRounds={lane.insideRounds} currency={currency} isFirst isLast readOnly actions={NO_ACTIONS} />
      <div className="lane-scroll preview-cards">
        {lane.deals.length === 0 ? <div className="lane-empty">No deals</div> : null}
        {lane.deals.map((deal) => (
          <DealCard
            key={deal.id}
            deal={deal}
            commentCount={deal.commentCount}
            ownerName={deal.ownerId ? (owners[deal.ownerId] ?? 'Former member') : null}
            ownerColor={null}
            viewers={NO_VIEWERS}
            columnProbability={column?.probability ?? null}
            staleDays={column?.staleDays ?? null}
            columnOpen={column?.kind === 'open'}
            roundLine={roundLines[deal.id] ?? null}
          />
        ))}
      </div>
    </section>
  );
}

const NO_PREVIEW = new Signal<BoardPreview | null>(null);
