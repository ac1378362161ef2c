/**
 * A lane's cards, virtualised (@tanstack/react-virtual) so a column of thousands scrolls smoothly:
 * only the visible cards (plus a few) are mounted. The card being dragged stays mounted.
 * Memoised: a drag re-renders the lanes (they are drop targets), not their lists.
 */
import { memo, useCallback, useMemo, useRef } from 'react';
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import { SortableContext, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { liveCommentCount, type Column, type Deal } from '../../model';
import { NO_VIEWERS, type DealViewer } from '../../hooks/usePresence';
import { SortableCard } from './SortableCard';
import { DealCard } from './DealCard';
import type { FlipController } from './flip';
import type { Person } from './boardSession';
import { useActivity } from '../activity/ActivityContext';
import { useWatchChoices, watching } from '../activity/watchStore';

export const LaneList = memo(function LaneList({
  column,
  deals,
  activeId,
  openDealId,
  viewersByDeal,
  people,
  readOnly,
  asOf,
  flip,
  onOpen,
  emptyText,
}: {
  column: Column | null;
  deals: Deal[];
  activeId: string | null;
  openDealId: string | null;
  viewersByDeal: Map<string, DealViewer[]>;
  people: Map<string, Person>;
  readOnly: boolean;
  asOf: number | null;
  flip: FlipController;
  onOpen: (dealId: string) => void;
  emptyText: string;
}) {
  const ids = useMemo(() => deals.map((d) => d.id), [deals]);
  const { watches } = useActivity();
  const watchChoices = useWatchChoices(watches);
  const toggleWatch = useCallback((dealId: string, ownerId: string | null) => watches.toggle(dealId, ownerId), [watches]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const activeIndex = activeId ? ids.indexOf(activeId) : -1;
  const rangeExtractor = useCallback(
    (range: Range) => {
      const r = defaultRangeExtractor(range);
      if (activeIndex >= 0 && !r.includes(activeIndex)) {
        r.push(activeIndex);
        r.sort((a, b) => a - b);
      }
      return r;
    },
    [activeIndex],
  );
  const virtualizer = useVirtualizer({
    count: deals.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 150,
    overscan: 5,
    gap: 8,
    paddingStart: 2,
    paddingEnd: 6,
    getItemKey: (i) => ids[i] ?? i,
    rangeExtractor,
    initialRect: { width: 280, height: 800 },
  });

  const columnProbability = column?.probability ?? null;
  const staleDays = column?.staleDays ?? null;
  const columnOpen = column?.kind === 'open';

  return (
    <SortableContext items={ids} strategy={verticalListSortingStrategy}>
      <div ref={scrollRef} className="lane-scroll" tabIndex={-1}>
        {deals.length === 0 ? <div className="lane-empty">{emptyText}</div> : null}
        <div className="lane-track" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((vi) => {
            const deal = deals[vi.index];
            if (!deal) return null;
            const owner = deal.ownerId ? people.get(deal.ownerId) : undefined;
            return (
              <div key={vi.key} data-index={vi.index} ref={virtualizer.measureElement} className="vrow" style={{ transform: `translateY(${vi.start}px)` }}>
                <SortableCard dealId={deal.id} title={deal.title} disabled={readOnly || !column} isOpen={deal.id === openDealId} flip={flip} onOpen={onOpen}>
                  <DealCard
                    deal={deal}
                    commentCount={liveCommentCount(deal)}
                    ownerName={deal.ownerId ? (owner?.name ?? 'Former member') : null}
                    ownerColor={owner?.color ?? null}
                    viewers={viewersByDeal.get(deal.id) ?? NO_VIEWERS}
                    columnProbability={columnProbability}
                    staleDays={staleDays}
                    columnOpen={columnOpen}
                    asOf={asOf}
                    watched={watching(watchChoices, deal.id, deal.ownerId, watches.userId)}
                    onToggleWatch={toggleWatch}
                  />
                </SortableCard>
              </div>
            );
          })}
        </div>
      </div>
    </SortableContext>
  );
});
