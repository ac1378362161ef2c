/**
 * The card's line about its round ("Part of …" on a part, "2 parts: …" on a round). It reads
 * the board itself, as a string, so a card re-renders only when its own line changes.
 */
import { useCallback } from 'react';
import { useBoard } from '../../hooks/useBoard';
import type { BoardStore } from '../../hooks/boardStore';
import { Icon } from '../../ui/Icon';
import { roundWords } from '../../model';

export function DealRoundLine({ dealId }: { dealId: string }) {
  const words = useBoard(useCallback((board: BoardStore) => roundWords(board.rounds(), dealId), [dealId]));
  return words ? <RoundLine words={words} /> : null;
}

/** The line itself, for a card whose words are known already (the server's preview). */
export function RoundLine({ words }: { words: string }) {
  return (
    <div
      className="card-round"
      data-testid="card-round"
      title={words.startsWith('Part of') ? 'Its amount is counted inside the round' : 'Their amounts are counted inside this round'}
    >
      <Icon name="link" size={12} />
      <span>{words}</span>
    </div>
  );
}
