/**
 * A deal card. Memoised on plain props: it re-renders only when its own deal snapshot, its
 * owner's name, its live viewers or its column's settings change — never because a neighbour moved.
 */
import { memo, useEffect } from 'react';
import type { Deal } from '../../model';
import type { DealViewer } from '../../hooks/usePresence';
import { Avatar } from '../../ui/Avatar';
import { Icon } from '../../ui/Icon';
import { daysUntil, formatAmount, formatDate, formatDuration } from '../../lib/format';
import { countMount, countRender } from '../../debug';
import { KIND_LABEL } from './dealLabels';
import { CardWatchToggle } from '../activity/WatchButton';
import { DealRoundLine, RoundLine } from './DealRoundLine';

export interface DealCardProps {
  /** The card's fields (its notes and comment thread are the drawer's). */
  deal: Omit<Deal, 'notes' | 'comments'>;
  /** Live (not deleted) comments: liveCommentCount. */
  commentCount: number;
  ownerName: string | null;
  ownerColor: string | null;
  viewers: DealViewer[];
  /** The column's default probability, used when the deal has none. */
  columnProbability: number | null;
  staleDays: number | null;
  columnOpen: boolean;
  /** The moment the board shows (ms) when it is a past one: days in stage, stale and overdue are as of it. */
  asOf?: number | null;
  overlay?: boolean;
  /** I watch this deal (its moves toast); with `onToggleWatch` the card shows its bell. */
  watched?: boolean;
  onToggleWatch?: (dealId: string, ownerId: string | null) => void;
  /** The round line's words when known without the board (the server's preview; null: none); else the card reads them. */
  roundLine?: string | null;
}

const DAY = 86_400_000;

export const DealCard = memo(function DealCard({
  deal,
  commentCount,
  ownerName,
  ownerColor,
  viewers,
  columnProbability,
  staleDays,
  columnOpen,
  asOf = null,
  overlay,
  watched = false,
  onToggleWatch,
  roundLine,
}: DealCardProps) {
  countRender(deal.id);
  useEffect(() => countMount(deal.id), [deal.id]);
  const now = asOf ?? Date.now();
  const entered = Date.parse(deal.stageEnteredAt);
  const days = Number.isFinite(entered) ? Math.max(0, (now - entered) / DAY) : 0;
  const stale = columnOpen && !deal.archived && staleDays !== null && days > staleDays;
  const probability = deal.probability ?? columnProbability;
  const amount = formatAmount(deal.amount, deal.amountQualifier, deal.currency);
  const closeIn = deal.expectedClose ? daysUntil(deal.expectedClose, new Date(now)) : null;
  const overdue = columnOpen && closeIn !== null && closeIn < 0;
  const comments = commentCount;
  const viewer = viewers[0];

  return (
    <article
      className={`card${deal.archived ? ' card-archived' : ''}${overlay ? ' card-overlay' : ''}${viewer ? ' card-watched' : ''}`}
      style={viewer ? { ['--presence' as string]: viewer.color } : undefined}
      aria-label={deal.title}
    >
      {viewer ? (
        <div className="card-presence" title={viewers.map((v) => `${v.name} ${v.mode === 'dragging' ? 'is moving this' : 'has this open'}`).join(', ')}>
          {viewer.name}
          {viewers.length > 1 ? ` and ${viewers.length - 1} more` : ''}
          {viewer.mode === 'dragging' ? ' moving it' : ' viewing'}
        </div>
      ) : null}
      <div className="card-top">
        <span className={`kind kind-${deal.kind}`}>{KIND_LABEL[deal.kind]}</span>
        {deal.archived ? <span className="chip chip-archived">Archived</span> : null}
        <span className="spacer" />
        {probability !== null ? (
          <span className={`prob${deal.probability === null ? ' prob-inherited' : ''}`} title={deal.probability === null ? 'Stage probability' : 'Probability'}>
            <span className="prob-bar" aria-hidden="true">
              <span style={{ width: `${probability}%` }} />
            </span>
            {probability}%
          </span>
        ) : null}
      </div>
      <h3 className="card-title">{deal.title}</h3>
      {deal.acquirer || deal.target ? (
        <div className="card-parties">
          <span className="party">{deal.acquirer || '—'}</span>
          <Icon name="arrowRight" size={12} className="party-arrow" />
          <span className="party">{deal.target || '—'}</span>
        </div>
      ) : null}
      {amount ? <div className="card-amount">{amount}</div> : null}
      {roundLine === undefined ? <DealRoundLine dealId={deal.id} /> : roundLine ? <RoundLine words={roundLine} /> : null}
      {deal.tags.length > 0 ? (
        <div className="card-tags">
          {deal.tags.slice(0, 4).map((t) => (
            <span key={t} className="chip">
              {t}
            </span>
          ))}
          {deal.tags.length > 4 ? <span className="chip">+{deal.tags.length - 4}</span> : null}
        </div>
      ) : null}
      <div className="card-foot">
        {ownerName && deal.ownerId ? (
          <Avatar id={deal.ownerId} name={ownerName} color={ownerColor} size={20} title={`Owner: ${ownerName}`} />
        ) : (
          <span className="avatar-empty" title="No owner" />
        )}
        {deal.expectedClose ? (
          <span className={`meta${overdue ? ' meta-danger' : ''}`} title={`Expected close ${formatDate(deal.expectedClose)}`}>
            <Icon name="calendar" size={12} />
            {formatDate(deal.expectedClose)}
          </span>
        ) : null}
        <span className="spacer" />
        {onToggleWatch ? <CardWatchToggle dealId={deal.id} ownerId={deal.ownerId} title={deal.title} watched={watched} onToggle={onToggleWatch} /> : null}
        {comments > 0 ? (
          <span className="meta" title={`${comments} comment${comments === 1 ? '' : 's'}`}>
            <Icon name="message" size={12} />
            {comments}
          </span>
        ) : null}
        <span
          className={`meta${stale ? ' meta-stale' : ''}`}
          title={stale ? `Stale: ${Math.floor(days)} days in this stage` : `${Math.floor(days)} days in this stage`}
        >
          {stale ? <Icon name="flame" size={12} /> : <Icon name="clock" size={12} />}
          {formatDuration(days)}
        </span>
      </div>
    </article>
  );
});
