/**
 * Watching a deal (kept on the server, see watchStore.ts): the drawer
 * header's "Watch / Watching" button, and the bell on a card (shown on hover, and always while
 * watched). A watched deal's moves by others come as toasts.
 */
import { memo, type SyntheticEvent } from 'react';
import { Icon } from '../../ui/Icon';
import { useActivity } from './ActivityContext';
import { ALL_DEALS, useWatch, useWatchChoices } from './watchStore';

export function WatchButton({ dealId, ownerId }: { dealId: string; ownerId: string | null }) {
  const { watches } = useActivity();
  const [watched, toggle] = useWatch(watches, dealId, ownerId);
  return (
    <button
      type="button"
      className={`btn btn-sm watch-btn${watched ? ' is-watching' : ''}`}
      onClick={toggle}
      title={watched ? 'You get a notice when someone moves this deal. Click to stop.' : 'Get a notice when someone moves this deal'}
      data-testid="watch-deal"
      data-watching={watched}
    >
      <Icon name="bell" size={14} />
      {watched ? 'Watching' : 'Watch'}
    </button>
  );
}

/** "Watch all deals" of the board: every move and comment on any deal reaches my inbox (a deal I unwatched stays unwatched). */
export function WatchAllToggle() {
  const { watches } = useActivity();
  const on = useWatchChoices(watches)[ALL_DEALS] === true;
  return (
    <button
      type="button"
      className={`btn btn-sm watch-btn${on ? ' is-watching' : ''}`}
      aria-pressed={on}
      onClick={() => watches.set(ALL_DEALS, !on)}
      title={
        on ? 'You are told of moves and comments on every deal of this board. Click to stop.' : 'Be told of moves and comments on every deal of this board'
      }
      data-testid="watch-all"
    >
      <Icon name="bell" size={14} />
      {on ? 'Watching all' : 'Watch all'}
    </button>
  );
}

const stop = (e: SyntheticEvent) => e.stopPropagation();

/** The card's bell: a toggle inside the draggable card, so it keeps its clicks, keys and presses to itself. */
export const CardWatchToggle = memo(function CardWatchToggle({
  dealId,
  ownerId,
  title,
  watched,
  onToggle,
}: {
  dealId: string;
  ownerId: string | null;
  title: string;
  watched: boolean;
  onToggle: (dealId: string, ownerId: string | null) => void;
}) {
  return (
    <button
      type="button"
      className={`card-watch${watched ? ' is-on' : ''}`}
      aria-pressed={watched}
      aria-label={`Watch ${title}`}
      title={watched ? 'Watching: you get a notice when someone moves it' : 'Watch: get a notice when someone moves it'}
      onClick={(e) => {
        e.stopPropagation();
        onToggle(dealId, ownerId);
      }}
      onMouseDown={stop}
      onTouchStart={stop}
      onPointerDown={stop}
      onKeyDown={stop}
    >
      <Icon name="bell" size={13} />
    </button>
  );
});
