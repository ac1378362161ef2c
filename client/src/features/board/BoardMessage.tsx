/**
 * What the board screen shows instead of a board (not found, deleted, access removed), and
 * the way back to all boards. Apart from the screens that use them, so they import no screen.
 */
import { Icon } from '../../ui/Icon';

export function BoardMessage({ title, text, action }: { title: string; text: string; action?: () => void }) {
  return (
    <div className="empty">
      <div className="empty-icon">
        <Icon name="alert" size={26} />
      </div>
      <h2>{title}</h2>
      <p>{text}</p>
      <div className="row">
        <a className="btn" href="#/">
          All boards
        </a>
        {action ? (
          <button type="button" className="btn btn-primary" onClick={action}>
            Try again
          </button>
        ) : null}
      </div>
    </div>
  );
}

/** The header's way back to all boards. */
export function BackToBoards() {
  return (
    <a href="#/" className="icon-btn" aria-label="All boards" title="All boards">
      <Icon name="back" size={18} />
    </a>
  );
}
