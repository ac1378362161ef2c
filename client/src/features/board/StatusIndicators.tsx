/** Connection (connected / reconnecting / offline) and save state ("Saving…" / "All changes saved"). */
import type { BoardConnection } from '../../connection';
import { useConnectionStatus } from '../../hooks/useConnectionStatus';
import { useSaveStatus, useUnsavedCount } from '../../hooks/useSaveStatus';
import { Icon } from '../../ui/Icon';
import { useSignal } from '../../lib/signal';

const REFUSED_TEXT = {
  'too-large': {
    text: 'Board full: changes not saved',
    title: 'This board has reached its size limit: your latest change was not saved. Remove deals or notes, then reload.',
  },
  'change-too-large': {
    text: 'Change too large: not saved',
    title: 'That change is larger than the server accepts at once, so it was not saved. Reload the page to continue.',
  },
  'rate-limited': { text: 'Too many changes: paused', title: 'Too many changes too fast: your latest change was not saved. Reload the page to continue.' },
} as const;

const CONNECTION_TEXT = {
  connecting: 'Connecting…',
  connected: 'Live',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
  'signed-out': 'Signed out — sign in to save your changes',
} as const;

const CONNECTION_TITLE = {
  connecting: 'Connecting to the board…',
  connected: 'Connected: you see changes as they happen',
  reconnecting: 'The connection dropped; trying again',
  offline: 'Offline: your edits are kept here and sync when the connection returns',
  'signed-out': 'You were signed out (here or in another tab). Your edits are kept in this tab and sent once you sign in again.',
} as const;

export function StatusIndicators({ conn, readOnly }: { conn: BoardConnection; readOnly: boolean }) {
  const status = useConnectionStatus(conn);
  const save = useSaveStatus(conn);
  const refused = useSignal(conn.refused);
  const unsaved = useUnsavedCount(conn);
  if (refused) {
    return (
      <div className="status">
        <span className="status-conn status-offline" data-testid="connection-status" data-status={refused} title={REFUSED_TEXT[refused].title} role="alert">
          <Icon name="wifiOff" size={13} />
          {REFUSED_TEXT[refused].text}
        </span>
      </div>
    );
  }
  const text =
    status === 'offline' && unsaved > 0 && !readOnly
      ? `Offline — ${unsaved} ${unsaved === 1 ? 'change' : 'changes'} kept on this device`
      : CONNECTION_TEXT[status];
  return (
    <div className="status">
      <span className={`status-conn status-${status}`} data-testid="connection-status" data-status={status} title={CONNECTION_TITLE[status]} role="status">
        {status === 'offline' ? <Icon name="wifiOff" size={13} /> : <span className="status-dot" aria-hidden="true" />}
        {text}
      </span>
      {readOnly || status === 'signed-out' ? null : (
        <span className={`status-save status-save-${save}`} data-testid="save-status" data-status={save} role="status" aria-live="polite">
          {save === 'saving' ? (
            <>
              <span className="spinner" aria-hidden="true" />
              {status === 'offline' ? 'Not saved yet' : 'Saving…'}
            </>
          ) : (
            <>
              <Icon name="check" size={13} />
              All changes saved
            </>
          )}
        </span>
      )}
    </div>
  );
}
