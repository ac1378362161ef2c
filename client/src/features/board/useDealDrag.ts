/**
 * Drag and drop of deals with @dnd-kit (mouse, touch and keyboard). While dragging across
 * columns the board shows a preview (the deal in its would-be place) without touching the
 * document; the drop is one `moveDeal` with the deal's new neighbours.
 */
import { useCallback, useMemo, useRef, useState } from 'react';
import {
  closestCenter,
  closestCorners,
  getFirstCollision,
  MouseSensor,
  pointerWithin,
  rectIntersection,
  TouchSensor,
  useSensor,
  useSensors,
  type CollisionDetection,
  type DragEndEvent,
  type DragOverEvent,
  type DragStartEvent,
  type KeyboardCoordinateGetter,
  type UniqueIdentifier,
} from '@dnd-kit/core';
import { arrayMove, sortableKeyboardCoordinates } from '@dnd-kit/sortable';
import { moveDeal } from '../../model';
import type { LaneView } from '../../hooks/boardStore';
import type { BoardConnection } from '../../connection';
import { toast } from '../../ui/toast';
import { markDragEnd } from './dragClock';
import { PromptKeyboardSensor } from './promptKeyboardSensor';
import { isStageDrag, stageCollisionDetection, stageKeyboardCoordinates, withoutStages } from './useStageDrag';

interface DragState {
  dealId: string;
  fromColumnId: string;
  columnId: string;
  index: number;
}

const COLUMN_PREFIX = 'column:';
const columnOf = (id: UniqueIdentifier) => (String(id).startsWith(COLUMN_PREFIX) ? String(id).slice(COLUMN_PREFIX.length) : null);

/** The lanes as they look with the dragged deal in its previewed column. */
function applyPreview(lanes: LaneView[], drag: DragState | null): LaneView[] {
  if (!drag || drag.columnId === drag.fromColumnId) return lanes;
  const from = lanes.find((l) => l.column?.id === drag.fromColumnId);
  const deal = from?.deals.find((d) => d.id === drag.dealId);
  if (!deal) return lanes;
  return lanes.map((l) => {
    if (l === from) return { ...l, deals: l.deals.filter((d) => d.id !== drag.dealId) };
    if (l.column?.id === drag.columnId) {
      const deals = [...l.deals];
      deals.splice(Math.min(drag.index, deals.length), 0, deal);
      return { ...l, deals };
    }
    return l;
  });
}

function laneOfDeal(lanes: LaneView[], dealId: string): LaneView | undefined {
  return lanes.find((l) => l.deals.some((d) => d.id === dealId));
}

/**
 * Keyboard moves: Up/Down go through the column (dnd-kit's sortable getter); Left/Right go to
 * the neighbouring column, next to the card at the same height (or its end when empty).
 */
function boardKeyboardCoordinates(lanesRef: { current: LaneView[] }): KeyboardCoordinateGetter {
  return (event, args) => {
    if (isStageDrag(args.context.active)) return stageKeyboardCoordinates(event, args);
    if (event.code !== 'ArrowLeft' && event.code !== 'ArrowRight') return sortableKeyboardCoordinates(event, args);
    event.preventDefault();
    const { active, collisionRect, droppableRects } = args.context;
    if (!active || !collisionRect) return undefined;
    const lanes = lanesRef.current.filter((l) => l.column !== null);
    const here = lanes.findIndex((l) => l.deals.some((d) => d.id === active.id));
    const target = lanes[here + (event.code === 'ArrowRight' ? 1 : -1)];
    if (here < 0 || !target?.column) return undefined;
    const centerY = collisionRect.top + collisionRect.height / 2;
    let best: { top: number; left: number } | null = null;
    let bestDistance = Infinity;
    for (const d of target.deals) {
      const rect = droppableRects.get(d.id);
      if (!rect || d.id === active.id) continue;
      const distance = Math.abs(rect.top + rect.height / 2 - centerY);
      if (distance < bestDistance) {
        bestDistance = distance;
        best = rect;
      }
    }
    if (best) return { x: best.left, y: best.top };
    const column = droppableRects.get(`${COLUMN_PREFIX}${target.column.id}`);
    return column ? { x: column.left + 8, y: column.top + 70 } : undefined;
  };
}

/**
 * A drop into a won or lost stage closes the deal and tells everyone; a slip of the finger
 * (an auto-scroll on a phone overshooting) must be one tap to take back.
 */
function offerUndoOfClosing(d: DragState, target: LaneView, lanesBefore: LaneView[], conn: BoardConnection): void {
  const column = target.column;
  if (!column || column.kind === 'open' || d.columnId === d.fromColumnId) return;
  const original = lanesBefore.find((l) => l.column?.id === d.fromColumnId)?.deals.map((x) => x.id) ?? [];
  const i = original.indexOf(d.dealId);
  const back = { dealId: d.dealId, toColumnId: d.fromColumnId, after: original[i - 1] ?? null, before: original[i + 1] ?? null };
  toast(`Moved to ${column.name}: marked ${column.kind}.`, 'info', { label: 'Undo', run: () => void moveDeal(conn.doc, back, conn.origin) });
}

export function useDealDrag(lanes: LaneView[], conn: BoardConnection) {
  const [drag, setDrag] = useState<DragState | null>(null);
  const shown = useMemo(() => applyPreview(lanes, drag), [lanes, drag]);
  const shownRef = useRef(shown);
  shownRef.current = shown;
  const [coordinateGetter] = useState(() => boardKeyboardCoordinates(shownRef));

  const sensors = useSensors(
    useSensor(MouseSensor, { activationConstraint: { distance: 5 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 180, tolerance: 8 } }),
    useSensor(PromptKeyboardSensor, {
      coordinateGetter,
      keyboardCodes: { start: ['Space'], cancel: ['Escape'], end: ['Space', 'Enter'] },
    }),
  );

  /**
   * Keyboard: the column the moved card now stands in, and its closest other card there (the
   * column itself when it has none). Corners over every card would pick a card of the old column:
   * an empty column's corners are a whole lane-height apart.
   */
  const keyboardCollisions: CollisionDetection = useCallback((args) => {
    const centerX = args.collisionRect.left + args.collisionRect.width / 2;
    const lane = shownRef.current.find((l) => {
      const rect = l.column ? args.droppableRects.get(`${COLUMN_PREFIX}${l.column.id}`) : undefined;
      return rect !== undefined && centerX >= rect.left && centerX <= rect.left + rect.width;
    });
    if (!lane?.column) return closestCorners(args);
    const ids = new Set<UniqueIdentifier>(lane.deals.map((d) => d.id).filter((id) => id !== args.active.id));
    const cards = closestCorners({ ...args, droppableContainers: args.droppableContainers.filter((c) => ids.has(c.id)) });
    return cards.length > 0 ? cards : [{ id: `${COLUMN_PREFIX}${lane.column.id}` }];
  }, []);

  /** Pointer: the card under the pointer, else the closest card of the column under it. Keyboard: see above. */
  const dealCollisions: CollisionDetection = useCallback(
    (args) => {
      if (!args.pointerCoordinates) return keyboardCollisions(args);
      const within = pointerWithin(args);
      const hits = within.length > 0 ? within : rectIntersection(args);
      const card = hits.find((h) => columnOf(h.id) === null);
      if (card) return [card];
      const overId = getFirstCollision(hits, 'id');
      if (overId == null) return [];
      const columnId = columnOf(overId);
      const lane = shownRef.current.find((l) => l.column?.id === columnId);
      if (lane && lane.deals.length > 0) {
        const ids = new Set<UniqueIdentifier>(lane.deals.map((d) => d.id));
        const closest = closestCenter({ ...args, droppableContainers: args.droppableContainers.filter((c) => ids.has(c.id)) });
        const below = closest[0];
        if (below) {
          const last = lane.deals[lane.deals.length - 1];
          const rect = last ? args.droppableRects.get(last.id) : undefined;
          // Under the last card: the column itself (append), not the last card.
          if (rect && args.pointerCoordinates.y > rect.top + rect.height) return [{ id: overId }];
          return [below];
        }
      }
      return [{ id: overId }];
    },
    [keyboardCollisions],
  );
  /** A stage (dragged by its grip) only meets stages; a deal never meets them. */
  const collisionDetection: CollisionDetection = useMemo(() => {
    const deals = withoutStages(dealCollisions);
    return (args) => (isStageDrag(args.active) ? stageCollisionDetection(args) : deals(args));
  }, [dealCollisions]);

  const onDragStart = useCallback(
    ({ active }: DragStartEvent) => {
      const dealId = String(active.id);
      const lane = laneOfDeal(shownRef.current, dealId);
      if (!lane?.column) return;
      setDrag({ dealId, fromColumnId: lane.column.id, columnId: lane.column.id, index: lane.deals.findIndex((d) => d.id === dealId) });
      conn.setPresence({ draggingDealId: dealId });
    },
    [conn],
  );

  const onDragOver = useCallback(({ active, over }: DragOverEvent) => {
    if (!over) return;
    const lanesNow = shownRef.current;
    const overColumn = columnOf(over.id) ?? laneOfDeal(lanesNow, String(over.id))?.column?.id ?? null;
    setDrag((d) => {
      if (!d || !overColumn || overColumn === d.columnId) return d;
      if (overColumn === d.fromColumnId) {
        const original = lanesNow.find((l) => l.column?.id === d.fromColumnId);
        return { ...d, columnId: overColumn, index: original?.deals.length ?? 0 };
      }
      const target = lanesNow.find((l) => l.column?.id === overColumn);
      if (!target) return d;
      let index = target.deals.length;
      const overIndex = target.deals.findIndex((x) => x.id === over.id);
      if (overIndex >= 0) {
        const translated = active.rect.current.translated;
        const below = translated ? translated.top + translated.height / 2 > over.rect.top + over.rect.height / 2 : false;
        index = overIndex + (below ? 1 : 0);
      }
      return { ...d, columnId: overColumn, index };
    });
  }, []);

  const finish = useCallback(
    (event?: { activatorEvent: Event | null }) => {
      setDrag(null);
      // A mouse or touch drop is followed by a click on the card; a keyboard drop is not.
      if (!(event?.activatorEvent instanceof KeyboardEvent)) markDragEnd();
      conn.setPresence({ draggingDealId: null });
    },
    [conn],
  );

  const onDragEnd = useCallback(
    ({ active, over, activatorEvent }: DragEndEvent) => {
      const d = drag;
      finish({ activatorEvent });
      if (!d || !over) return;
      const lane = shownRef.current.find((l) => l.column?.id === d.columnId);
      if (!lane) return;
      let ids = lane.deals.map((x) => x.id);
      const from = ids.indexOf(String(active.id));
      if (from < 0) return;
      const overIndex = ids.indexOf(String(over.id));
      if (overIndex >= 0 && overIndex !== from) ids = arrayMove(ids, from, overIndex);
      const at = ids.indexOf(d.dealId);
      if (d.columnId === d.fromColumnId) {
        const original = lanes.find((l) => l.column?.id === d.fromColumnId)?.deals.map((x) => x.id) ?? [];
        if (original.indexOf(d.dealId) === at) return;
      }
      const result = moveDeal(conn.doc, { dealId: d.dealId, toColumnId: d.columnId, after: ids[at - 1] ?? null, before: ids[at + 1] ?? null }, conn.origin);
      if (!result.ok && result.error.code !== 'noop') toast(`Could not move the deal: ${result.error.message}`, 'error');
      else if (result.ok) offerUndoOfClosing(d, lane, lanes, conn);
    },
    [drag, finish, lanes, conn],
  );

  return { shown, activeId: drag?.dealId ?? null, sensors, collisionDetection, onDragStart, onDragOver, onDragEnd, onDragCancel: finish };
}
