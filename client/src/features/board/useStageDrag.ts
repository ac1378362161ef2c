/**
 * Drag and drop of whole stages by the grip in their header (mouse, touch and keyboard), in the
 * same DndContext as the deals: the lanes are a horizontal sortable list whose items have
 * `stage:` ids and `{ type: 'stage' }` data. While dragging the other lanes slide aside without
 * touching the document; the drop is one `moveColumn` next to the stage's new neighbour.
 * A stage move that did not come from this drag (another person, the column menu) glides (FLIP).
 */
import { useCallback, useLayoutEffect, useMemo, useRef, useState, type RefObject } from 'react';
import {
  closestCenter,
  type Active,
  type Announcements,
  type CollisionDetection,
  type DragEndEvent,
  type DragStartEvent,
  type KeyboardCoordinateGetter,
  type Modifier,
  type UniqueIdentifier,
} from '@dnd-kit/core';
import { arrayMove } from '@dnd-kit/sortable';
import { moveColumn, type Column } from '../../model';
import type { BoardConnection } from '../../connection';
import { toast } from '../../ui/toast';

const STAGE_PREFIX = 'stage:';
export const stageDragId = (columnId: string) => `${STAGE_PREFIX}${columnId}`;
const stageOf = (id: UniqueIdentifier) => (String(id).startsWith(STAGE_PREFIX) ? String(id).slice(STAGE_PREFIX.length) : null);

/** The id of the hidden instructions every stage grip is described by. */
export const STAGE_HELP_ID = 'stage-drag-help';
export const STAGE_HELP = 'To move this stage, press Space, use the Left and Right arrow keys, then press Space again to drop it. Press Escape to cancel.';

/** Our own drop: which stage, and how far it had been dragged when let go. */
interface LocalDrop {
  columnId: string;
  deltaX: number;
}

export function isStageDrag(active: Active | null | undefined): boolean {
  return active?.data.current?.type === 'stage';
}

/** Only stages are drop targets for a stage: the one whose centre is closest. */
export const stageCollisionDetection: CollisionDetection = (args) =>
  closestCenter({ ...args, droppableContainers: args.droppableContainers.filter((c) => stageOf(c.id) !== null) });

/** Deals never land on a stage's sortable target (its `column:` droppable is the deal target). */
export const withoutStages =
  (detect: CollisionDetection): CollisionDetection =>
  (args) =>
    detect({ ...args, droppableContainers: args.droppableContainers.filter((c) => stageOf(c.id) === null) });

/** A stage moves along the row only. */
export const stageAxisLock: Modifier = ({ active, transform }) => (isStageDrag(active) ? { ...transform, y: 0 } : transform);

/** Keyboard: Left / Right put the lifted stage on its neighbouring slot; Up / Down do nothing. */
export const stageKeyboardCoordinates: KeyboardCoordinateGetter = (event, { context, currentCoordinates }) => {
  if (event.code === 'ArrowUp' || event.code === 'ArrowDown') {
    event.preventDefault();
    return undefined;
  }
  if (event.code !== 'ArrowLeft' && event.code !== 'ArrowRight') return undefined;
  event.preventDefault();
  const { collisionRect, droppableRects, droppableContainers } = context;
  if (!collisionRect) return undefined;
  const lefts = droppableContainers
    .getEnabled()
    .filter((c) => stageOf(c.id) !== null)
    .map((c) => droppableRects.get(c.id)?.left)
    .filter((x): x is number => x !== undefined)
    .sort((a, b) => a - b);
  let here = -1;
  for (let i = 0; i < lefts.length; i++) {
    if (here < 0 || Math.abs(lefts[i]! - collisionRect.left) < Math.abs(lefts[here]! - collisionRect.left)) here = i;
  }
  const target = lefts[here + (event.code === 'ArrowRight' ? 1 : -1)];
  return target === undefined ? undefined : { x: target, y: currentCoordinates.y };
};

export function useStageDrag(columns: Column[], conn: BoardConnection) {
  const [activeColumnId, setActiveColumnId] = useState<string | null>(null);
  /** Set by a drop of ours: the FLIP of that reorder glides only the dropped lane, from where it was let go. */
  const droppedHere = useRef<LocalDrop | null>(null);
  const items = useMemo(() => columns.map((c) => stageDragId(c.id)), [columns]);

  const onDragStart = useCallback(({ active }: DragStartEvent) => setActiveColumnId(stageOf(active.id)), []);
  const onDragCancel = useCallback(() => setActiveColumnId(null), []);

  const onDragEnd = useCallback(
    ({ active, over, delta }: DragEndEvent) => {
      setActiveColumnId(null);
      const ids = columns.map((c) => c.id);
      const from = ids.indexOf(stageOf(active.id) ?? '');
      const to = over ? ids.indexOf(stageOf(over.id) ?? '') : -1;
      if (from < 0 || to < 0 || from === to) return;
      const order = arrayMove(ids, from, to);
      const columnId = ids[from]!;
      // Moving right: after its new left neighbour; moving left: before its new right neighbour.
      const place = to > from ? { after: order[to - 1] } : { before: order[to + 1] };
      droppedHere.current = { columnId, deltaX: delta.x };
      const result = moveColumn(conn.doc, { columnId, ...place }, conn.origin);
      if (!result.ok) {
        droppedHere.current = null;
        if (result.error.code !== 'noop') toast(`Could not move the stage: ${result.error.message}`, 'error');
      }
    },
    [columns, conn],
  );

  const announcements: Announcements = useMemo(() => {
    const name = (id: UniqueIdentifier) => `stage ${columns.find((c) => c.id === stageOf(id))?.name ?? ''}`;
    const Name = (id: UniqueIdentifier) => `S${name(id).slice(1)}`;
    const position = (id: UniqueIdentifier) => `position ${columns.findIndex((c) => c.id === stageOf(id)) + 1} of ${columns.length}`;
    return {
      onDragStart: ({ active }) => `Picked up ${name(active.id)}. Use the Left and Right arrow keys to move it, Space to drop, Escape to cancel.`,
      onDragOver: ({ active, over }) => (over ? `${Name(active.id)} is in ${position(over.id)}.` : `${Name(active.id)} is not over a stage.`),
      onDragEnd: ({ active, over }) => (over ? `Dropped ${name(active.id)} in ${position(over.id)}.` : `${Name(active.id)} was dropped back.`),
      onDragCancel: ({ active }) => `Moving ${name(active.id)} was cancelled.`,
    };
  }, [columns]);

  return { items, activeColumnId, droppedHere, onDragStart, onDragEnd, onDragCancel, announcements };
}

/**
 * FLIP for stage order changes: the lanes' offsets inside `.lanes` are kept from the last commit,
 * and after a commit that changed the order each moved lane glides from where it was. After our
 * own drop the others already stand in place; only the dropped lane settles into its slot.
 */
export function useStageFlip(lanesRef: RefObject<HTMLElement | null>, order: string, dropped: RefObject<LocalDrop | null>, dragging: boolean) {
  const last = useRef({ order, offsets: new Map<string, number>() });
  useLayoutEffect(() => {
    const root = lanesRef.current;
    if (!root) return;
    const lanes = Array.from(root.querySelectorAll<HTMLElement>(':scope > .lane[data-column-id]'));
    const before = last.current;
    last.current = { order, offsets: new Map(lanes.map((el) => [el.dataset.columnId ?? '', el.offsetLeft])) };
    if (before.order === order) return;
    const drop = dropped.current;
    dropped.current = null;
    if (dragging || (typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches)) return;
    for (const el of lanes) {
      const id = el.dataset.columnId ?? '';
      if (drop && id !== drop.columnId) continue;
      const was = before.offsets.get(id);
      const dx = was === undefined ? 0 : was + (drop?.deltaX ?? 0) - el.offsetLeft;
      if (Math.abs(dx) <= 1) continue;
      // Above its neighbours while it travels (z-index 3, like a lifted lane).
      el.animate(
        [
          { transform: `translateX(${dx}px)`, zIndex: 3 },
          { transform: 'none', zIndex: 3 },
        ],
        { duration: drop ? 220 : 420, easing: 'cubic-bezier(0.2, 0.8, 0.2, 1)' },
      );
    }
  }, [lanesRef, order, dropped, dragging]);
}
