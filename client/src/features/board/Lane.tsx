/**
 * One stage column: header with totals, the virtualised cards, invalid records, and the add-deal
 * composer. The lane is a deal drop target (`column:` id) and a sortable stage, lifted by its grip.
 */
import { memo, useCallback, useMemo } from 'react';
import { useDndContext, useDroppable } from '@dnd-kit/core';
import { useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { laneSummary } from '../../model';
import type { LaneView } from '../../hooks/boardStore';
import type { DealViewer } from '../../hooks/usePresence';
import { safeColor } from '../../lib/color';
import { Icon } from '../../ui/Icon';
import { LaneHeader, type ColumnActions } from './LaneHeader';
import { LaneList } from './LaneList';
import { AddDealComposer } from './AddDealComposer';
import type { FlipController } from './flip';
import type { Person } from './boardSession';
import { STAGE_HELP_ID, stageDragId } from './useStageDrag';

export const columnDropId = (columnId: string) => `column:${columnId}`;

export const Lane = memo(function Lane({
  lane,
  currency,
  isFirst,
  isLast,
  readOnly,
  asOf,
  activeId,
  openDealId,
  viewersByDeal,
  people,
  flip,
  filtered,
  actions,
  onOpen,
}: {
  lane: LaneView;
  currency: string;
  isFirst: boolean;
  isLast: boolean;
  readOnly: boolean;
  /** The moment the board shows (ms), null when live: stale counts are as of it. */
  asOf: number | null;
  activeId: string | null;
  openDealId: string | null;
  viewersByDeal: Map<string, DealViewer[]>;
  people: Map<string, Person>;
  flip: FlipController;
  filtered: boolean;
  actions: ColumnActions;
  onOpen: (dealId: string) => void;
}) {
  const column = lane.column;
  const { setNodeRef, isOver } = useDroppable({ id: columnDropId(column?.id ?? 'orphans'), disabled: readOnly || !column, data: { type: 'column' } });
  const stage = useSortable({ id: stageDragId(column?.id ?? 'orphans'), disabled: readOnly || !column, data: { type: 'stage' } });
  // (useSortable's typings promise `activatorEvent`, but it does not return it.)
  const { activatorEvent } = useDndContext();
  const tilted = stage.isDragging && !(activatorEvent instanceof KeyboardEvent);
  const setStageNode = stage.setNodeRef;
  const ref = useCallback(
    (el: HTMLElement | null) => {
      setNodeRef(el);
      setStageNode(el);
    },
    [setNodeRef, setStageNode],
  );
  // The grip is described by the stage instructions, not dnd-kit's (which are about deals).
  const { 'aria-describedby': _describedBy, 'aria-roledescription': _role, ...gripAttributes } = stage.attributes;
  const { totals, insideRounds } = useMemo(() => laneSummary(lane, currency, asOf === null ? undefined : new Date(asOf)), [lane, currency, asOf]);
  const emptyText = filtered ? 'No matching deals' : readOnly || !column ? 'No deals' : 'Drop a deal here or add one below';

  return (
    <section
      ref={ref}
      className={`lane${isOver ? ' lane-over' : ''}${column ? '' : ' lane-orphan'}${stage.isDragging ? ' is-lifting' : ''}${tilted ? ' is-tilted' : ''}`}
      style={{
        ['--stage' as string]: safeColor(column?.color),
        transform: CSS.Translate.toString(stage.transform),
        transition: [stage.transition, 'background 150ms', 'border-color 150ms'].filter(Boolean).join(', '),
      }}
      aria-label={`Stage ${column?.name ?? 'No stage'}`}
      data-column-id={column?.id ?? ''}
    >
      {!readOnly && column ? (
        <button
          type="button"
          ref={stage.setActivatorNodeRef}
          className="lane-grip"
          {...gripAttributes}
          {...stage.listeners}
          onKeyDown={(e) => {
            // Lifted, an arrow key never scrolls the board (dnd-kit takes the keys over a moment later).
            if (stage.isDragging && e.key.startsWith('Arrow')) e.preventDefault();
            stage.listeners?.onKeyDown?.(e);
          }}
          aria-roledescription="draggable stage"
          aria-describedby={STAGE_HELP_ID}
          aria-label={`Move stage ${column.name}`}
          title="Drag to reorder"
        >
          <Icon name="grip" size={14} />
        </button>
      ) : null}
      <LaneHeader
        column={column}
        totals={totals}
        insideRounds={insideRounds}
        currency={currency}
        isFirst={isFirst}
        isLast={isLast}
        readOnly={readOnly}
        actions={actions}
      />
      <LaneList
        column={column}
        deals={lane.deals}
        activeId={activeId}
        openDealId={openDealId}
        viewersByDeal={viewersByDeal}
        people={people}
        readOnly={readOnly}
        asOf={asOf}
        flip={flip}
        onOpen={onOpen}
        emptyText={emptyText}
      />
      {lane.invalid.length > 0 ? (
        <div className="lane-invalid" role="note">
          <Icon name="alert" size={14} />
          <span>
            {lane.invalid.length} deal{lane.invalid.length === 1 ? '' : 's'} could not be read and {lane.invalid.length === 1 ? 'is' : 'are'} left out of totals
            <span className="muted"> — {lane.invalid[0]?.reason}</span>
          </span>
        </div>
      ) : null}
      {!readOnly && column ? <AddDealComposer columnId={column.id} columnName={column.name} /> : null}
    </section>
  );
});
