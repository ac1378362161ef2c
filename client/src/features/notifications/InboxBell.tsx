/**
 * The header bell: the unread count across all my boards, and a panel listing what concerns me
 * (who did what, when), "while you were away" at the top after a few hours away, and my
 * settings. Opening an entry marks it read (everywhere) and lands on the deal.
 */
import { useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import type { Notification } from '../../../../shared/src/notifications';
import { Avatar } from '../../ui/Avatar';
import { Icon } from '../../ui/Icon';
import { useNow } from '../../hooks/useNow';
import { formatRelative, formatTimestamp } from '../../lib/format';
import { boardHref, navigate } from '../../lib/route';
import { useInbox } from './useInbox';
import { NotificationSettingsForm } from './NotificationSettingsForm';
import { DigestCard } from './DigestCard';
import type { InboxStore } from './inboxStore';

export function InboxBell({ userId }: { userId: string }) {
  const [store, inbox] = useInbox(userId);
  const [open, setOpen] = useState(false);
  const [showSettings, setShowSettings] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const panel = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    void store.reload();
    const onDown = (e: MouseEvent) => {
      const target = e.target as Node;
      if (!root.current?.contains(target) && !panel.current?.contains(target)) setOpen(false);
    };
    // Escape closes the panel only (the deal drawer behind it skips a handled Escape).
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      e.preventDefault();
      setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open, store]);

  const count = inbox.unreadCount;
  return (
    <div className="inbox" ref={root}>
      <button
        type="button"
        className={`icon-btn inbox-bell${open ? ' is-open' : ''}`}
        aria-label={count > 0 ? `Notifications: ${count} unread` : 'Notifications'}
        aria-expanded={open}
        data-testid="inbox-bell"
        onClick={() => setOpen((o) => !o)}
      >
        <Icon name="bell" size={18} />
        {count > 0 ? (
          <span className="activity-badge" data-testid="inbox-count">
            {count > 99 ? '99+' : count}
          </span>
        ) : null}
      </button>
      {/* On the body, above the board, its drawer and panels (the header is a stacking context of its own). */}
      {open
        ? createPortal(
            <div className="inbox-panel" role="dialog" aria-label="Notifications" data-testid="inbox-panel" ref={panel}>
              <div className="inbox-head">
                <h2>{showSettings ? 'Notification settings' : 'Notifications'}</h2>
                <span className="spacer" />
                {!showSettings && count > 0 ? (
                  <button type="button" className="btn btn-ghost btn-sm" onClick={() => store.markRead('all')}>
                    <Icon name="check" size={13} /> Mark all read
                  </button>
                ) : null}
                <button type="button" className="btn btn-ghost btn-sm" onClick={() => setShowSettings((s) => !s)} aria-pressed={showSettings}>
                  {showSettings ? 'Back' : 'Settings'}
                </button>
              </div>
              {showSettings ? (
                inbox.settings ? (
                  <NotificationSettingsForm settings={inbox.settings} onSave={(s) => store.saveSettings(s)} />
                ) : (
                  <p className="muted">Loading…</p>
                )
              ) : (
                <>
                  {inbox.digest ? <DigestCard digest={inbox.digest} onDismiss={() => store.dismissDigest()} onOpen={() => setOpen(false)} /> : null}
                  <NotificationList store={store} notifications={inbox.notifications} loaded={inbox.loaded} onOpen={() => setOpen(false)} />
                  {inbox.hasOlder ? (
                    <button type="button" className="btn btn-ghost btn-sm inbox-older" onClick={() => void store.loadOlder().catch(() => undefined)}>
                      Show older
                    </button>
                  ) : null}
                </>
              )}
            </div>,
            document.body,
          )
        : null}
    </div>
  );
}

function NotificationList({ store, notifications, loaded, onOpen }: { store: InboxStore; notifications: Notification[]; loaded: boolean; onOpen: () => void }) {
  const now = useNow(30_000);
  if (notifications.length === 0)
    return <p className="muted inbox-empty">{loaded ? 'Nothing new. Mentions, comments and moves on deals you watch show up here.' : 'Loading…'}</p>;
  return (
    <ol className="inbox-list">
      {notifications.map((n) => (
        <li key={n.id}>
          <button
            type="button"
            className={`inbox-item${n.read ? '' : ' is-unread'}`}
            data-testid="inbox-item"
            data-kind={n.kind}
            onClick={() => {
              store.markRead([n.id]);
              onOpen();
              navigate(boardHref(n.boardId, n.dealId ?? null));
            }}
          >
            <Avatar id={n.actor.id} name={n.actor.name} size={28} />
            <span className="inbox-text">
              <span className="inbox-summary">{n.summary}</span>
              {n.excerpt ? <span className="inbox-excerpt">“{n.excerpt}”</span> : null}
              <span className="inbox-meta">
                {n.boardName} ·{' '}
                <time dateTime={n.at} title={formatTimestamp(n.at)}>
                  {formatRelative(n.at, now)}
                </time>
              </span>
            </span>
            {n.read ? null : <span className="inbox-dot" aria-label="unread" />}
          </button>
        </li>
      ))}
    </ol>
  );
}
