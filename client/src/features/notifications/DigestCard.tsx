/** "While you were away": counts per board and the changes that mattered most since I last looked. */
import type { Digest } from '../../../../shared/src/notifications';
import { formatRelative } from '../../lib/format';
import { boardHref, navigate } from '../../lib/route';

export function DigestCard({ digest, onDismiss, onOpen }: { digest: Digest; onDismiss: () => void; onOpen: () => void }) {
  return (
    <section className="inbox-digest" aria-label="While you were away" data-testid="inbox-digest">
      <div className="inbox-digest-head">
        <strong>While you were away</strong>&nbsp;
        <span className="muted">· since {formatRelative(digest.since)}</span>
        <span className="spacer" />
        <button type="button" className="btn btn-ghost btn-sm" onClick={onDismiss}>
          Dismiss
        </button>
      </div>
      <ul>
        {digest.boards.map((board) => (
          <li key={board.boardId}>
            <button type="button" className="link-btn" onClick={() => (onOpen(), navigate(boardHref(board.boardId)))}>
              {board.boardName}
            </button>
            : {board.changes} {board.changes === 1 ? 'change' : 'changes'}
            {board.highlights.length > 0 ? (
              <ul className="inbox-highlights">
                {board.highlights.map((h, i) => (
                  <li key={i}>
                    <button type="button" className="link-btn" onClick={() => (onOpen(), navigate(boardHref(board.boardId, h.dealId ?? null)))}>
                      {h.summary}
                    </button>
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
