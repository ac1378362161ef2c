/** One stage column: header with totals, the virtualised cards, invalid records, and the add-deal composer. */
import { memo, useMemo } from 'react';
import { useDroppable } from '@dnd-kit/core';
import { laneTotals } from '../../model';
import type { LaneView } from '../../hooks/boardStore';
import type { DealViewer } from '../../hooks/usePresence';
import { safeColor } from '../../lib/color';
import { Icon } from '../../ui/Icon';
import { LaneHeader, type ColumnActions } from './LaneHeader';
import { LaneList } from './LaneList';
import { AddDealComposer } from './AddDealComposer';
import type { FlipController } from './flip';
import type { Person } from './boardSession';

export const columnDropId = (columnId: string) => `column:${columnId}`;

export const Lane = memo(function Lane({
  lane,
  currency,
  isFirst,
  isLast,
  readOnly,
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
  const totals = useMemo(
    () => laneTotals({ column, deals: lane.deals.filter((d) => !d.archived), invalid: lane.invalid }, currency),
    [column, lane.deals, lane.invalid, currency],
  );
  const emptyText = filtered ? 'No matching deals' : readOnly || !column ? 'No deals' : 'Drop a deal here or add one below';

  return (
    <section
      ref={setNodeRef}
      className={`lane${isOver ? ' lane-over' : ''}${column ? '' : ' lane-orphan'}`}
      style={{ ['--stage' as string]: safeColor(column?.color) }}
      aria-label={`Stage ${column?.name ?? 'No stage'}`}
      data-column-id={column?.id ?? ''}
    >
      <LaneHeader column={column} totals={totals} currency={currency} isFirst={isFirst} isLast={isLast} readOnly={readOnly} actions={actions} />
      <LaneList
        column={column}
        deals={lane.deals}
        activeId={activeId}
        openDealId={openDealId}
        viewersByDeal={viewersByDeal}
        people={people}
        readOnly={readOnly}
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
