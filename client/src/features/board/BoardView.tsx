/**
 * The columns of an open board with drag and drop of deals and of whole stages (one DndContext:
 * each event goes to the deal or the stage handler by what is dragged). Reads lanes through
 * useBoard (filtered), plays remote changes back with FLIP after each commit, and marks
 * `board:rendered` once.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import {
  DndContext,
  DragOverlay,
  MeasuringStrategy,
  type Announcements,
  type DragCancelEvent,
  type DragEndEvent,
  type DragOverEvent,
  type DragStartEvent,
} from '@dnd-kit/core';
import { horizontalListSortingStrategy, SortableContext } from '@dnd-kit/sortable';
import { liveCommentCount, moveColumn, narrowsDeals, renameColumn, type Column, type DealFilter } from '../../model';
import { useBoard } from '../../hooks/useBoard';
import { usePresence, NO_VIEWERS } from '../../hooks/usePresence';
import { toast } from '../../ui/toast';
import { Lane } from './Lane';
import { AddColumn } from './AddColumn';
import { DealCard } from './DealCard';
import { DeleteColumnDialog, StageSettingsDialog } from './ColumnDialogs';
import { useDealDrag } from './useDealDrag';
import { StageSlot } from './StageSlot';
import { isStageDrag, STAGE_HELP, STAGE_HELP_ID, stageAxisLock, useStageDrag, useStageFlip } from './useStageDrag';
import { useBoardSession, reportResult } from './boardSession';
import type { ColumnActions } from './LaneHeader';
import { markBoardRendered } from '../../lib/firstPaint';

const MODIFIERS = [stageAxisLock];
/**
 * Edge scrolling while dragging, gentler than dnd-kit's default (up to 2,000 px/s, four stages
 * in a second and a half on a phone): at most about 300 px/s, from a narrower edge band.
 */
const AUTO_SCROLL = { acceleration: 3, interval: 10, threshold: { x: 0.12, y: 0.15 } };

export function BoardView({ filter, openDealId }: { filter: DealFilter; openDealId: string | null }) {
  const session = useBoardSession();
  const { conn, readOnly, viewedAt, people, flip, openDeal } = session;
  const lanes = useBoard(useCallback((b) => b.lanes(filter), [filter]));
  const currency = useBoard((b) => b.info().currency);
  const allDeals = useBoard((b) => b.deals());
  const presence = usePresence(conn.awareness);
  const drag = useDealDrag(lanes, conn);
  const [dialog, setDialog] = useState<{ kind: 'delete' | 'settings'; column: Column } | null>(null);
  const filtered = narrowsDeals(filter);

  // FLIP: the store captured card positions before this commit; animate to the new ones now.
  useLayoutEffect(() => {
    flip.play();
  }, [lanes, flip]);

  // The first paint of this board with its synced content (the lead's bench measures to here).
  useEffect(() => {
    requestAnimationFrame(markBoardRendered);
  }, []);

  const columns = useMemo(() => lanes.map((l) => l.column).filter((c): c is Column => c !== null), [lanes]);
  const stage = useStageDrag(columns, conn);
  const lanesRef = useRef<HTMLDivElement>(null);
  useStageFlip(lanesRef, stage.items.join('\n'), stage.droppedHere, stage.activeColumnId !== null);

  const onDragStart = (e: DragStartEvent) => (isStageDrag(e.active) ? stage.onDragStart(e) : drag.onDragStart(e));
  const onDragOver = (e: DragOverEvent) => (isStageDrag(e.active) ? undefined : drag.onDragOver(e));
  const onDragEnd = (e: DragEndEvent) => (isStageDrag(e.active) ? stage.onDragEnd(e) : drag.onDragEnd(e));
  const onDragCancel = (e: DragCancelEvent) => (isStageDrag(e.active) ? stage.onDragCancel() : drag.onDragCancel(e));

  const actions: ColumnActions = useMemo(
    () => ({
      rename: (columnId, name) => reportResult(renameColumn(conn.doc, { columnId, name }, conn.origin), 'Could not rename the stage', (m) => toast(m, 'error')),
      moveLeft: (columnId) => {
        const i = columns.findIndex((c) => c.id === columnId);
        const before = columns[i - 1];
        if (before) reportResult(moveColumn(conn.doc, { columnId, before: before.id }, conn.origin), 'Could not move the stage', (m) => toast(m, 'error'));
      },
      moveRight: (columnId) => {
        const i = columns.findIndex((c) => c.id === columnId);
        const after = columns[i + 1];
        if (after) reportResult(moveColumn(conn.doc, { columnId, after: after.id }, conn.origin), 'Could not move the stage', (m) => toast(m, 'error'));
      },
      settings: (column) => setDialog({ kind: 'settings', column }),
      remove: (column) => setDialog({ kind: 'delete', column }),
    }),
    [conn, columns],
  );

  const activeDeal = drag.activeId ? allDeals.find((d) => d.id === drag.activeId) : undefined;
  const activeColumn = activeDeal ? columns.find((c) => c.id === activeDeal.columnId) : undefined;
  const activeOwner = activeDeal?.ownerId ? people.get(activeDeal.ownerId) : undefined;

  const dealAnnouncements: Announcements = useMemo(() => {
    const title = (id: unknown) => allDeals.find((d) => d.id === id)?.title ?? 'deal';
    const place = (id: unknown) => {
      const s = String(id);
      if (s.startsWith('column:')) return `stage ${columns.find((c) => `column:${c.id}` === s)?.name ?? ''}`;
      return `next to ${title(s)}`;
    };
    return {
      onDragStart: ({ active }) => `Picked up ${title(active.id)}. Use the arrow keys to move it, Space to drop, Escape to cancel.`,
      onDragOver: ({ active, over }) => (over ? `${title(active.id)} is over ${place(over.id)}.` : `${title(active.id)} is not over a stage.`),
      onDragEnd: ({ active, over }) => (over ? `Dropped ${title(active.id)} ${place(over.id)}.` : `${title(active.id)} was dropped back.`),
      onDragCancel: ({ active }) => `Moving ${title(active.id)} was cancelled.`,
    };
  }, [allDeals, columns]);
  const announcements: Announcements = useMemo(() => {
    const pick = (e: { active: DragStartEvent['active'] }) => (isStageDrag(e.active) ? stage.announcements : dealAnnouncements);
    return {
      onDragStart: (e) => pick(e).onDragStart(e),
      onDragMove: (e) => pick(e).onDragMove?.(e),
      onDragOver: (e) => pick(e).onDragOver(e),
      onDragEnd: (e) => pick(e).onDragEnd(e),
      onDragCancel: (e) => pick(e).onDragCancel(e),
    };
  }, [dealAnnouncements, stage.announcements]);

  const dealCountIn = (columnId: string) => allDeals.filter((d) => d.columnId === columnId).length;

  return (
    <div className={`board-scroll${drag.activeId || stage.activeColumnId ? ' is-dragging' : ''}`}>
      <DndContext
        sensors={drag.sensors}
        collisionDetection={drag.collisionDetection}
        autoScroll={AUTO_SCROLL}
        measuring={{ droppable: { strategy: MeasuringStrategy.Always } }}
        modifiers={MODIFIERS}
        onDragStart={onDragStart}
        onDragOver={onDragOver}
        onDragEnd={onDragEnd}
        onDragCancel={onDragCancel}
        accessibility={{
          announcements,
          screenReaderInstructions: {
            draggable: 'To move a deal, press Space, use the arrow keys, then press Space again to drop it. Press Enter to open it.',
          },
        }}
      >
        <div className="lanes" ref={lanesRef}>
          <StageSlot />
          <SortableContext items={stage.items} strategy={horizontalListSortingStrategy}>
            {drag.shown.map((lane, i) => (
              <Lane
                key={lane.key}
                lane={lane}
                currency={currency}
                isFirst={i === 0}
                isLast={i === columns.length - 1}
                readOnly={readOnly}
                asOf={viewedAt}
                activeId={drag.activeId}
                openDealId={openDealId}
                viewersByDeal={presence.byDeal}
                people={people}
                flip={flip}
                filtered={filtered}
                actions={actions}
                onOpen={openDeal}
              />
            ))}
          </SortableContext>
          {!readOnly ? <AddColumn /> : null}
          {lanes.length === 0 && readOnly ? <div className="board-empty">This board has no stages yet.</div> : null}
        </div>
        {/* A lifted stage is the lane itself (it follows the pointer); only deals use the overlay. */}
        {stage.activeColumnId ? null : (
          <DragOverlay dropAnimation={{ duration: 180, easing: 'cubic-bezier(0.2, 0.8, 0.2, 1)' }}>
            {activeDeal ? (
              <DealCard
                deal={activeDeal}
                commentCount={liveCommentCount(activeDeal)}
                ownerName={activeDeal.ownerId ? (activeOwner?.name ?? 'Former member') : null}
                ownerColor={activeOwner?.color ?? null}
                viewers={NO_VIEWERS}
                columnProbability={activeColumn?.probability ?? null}
                staleDays={activeColumn?.staleDays ?? null}
                columnOpen={activeColumn?.kind === 'open'}
                overlay
              />
            ) : null}
          </DragOverlay>
        )}
      </DndContext>
      <div id={STAGE_HELP_ID} hidden>
        {STAGE_HELP}
      </div>
      {dialog?.kind === 'delete' ? (
        <DeleteColumnDialog column={dialog.column} columns={columns} dealCount={dealCountIn(dialog.column.id)} onClose={() => setDialog(null)} />
      ) : null}
      {dialog?.kind === 'settings' ? <StageSettingsDialog column={dialog.column} onClose={() => setDialog(null)} /> : null}
    </div>
  );
}
