/** The deal drawer: title, every field, notes (collaborative), comments; archive / restore / delete. */
import { useCallback, useEffect, useRef, useState } from 'react';
import { archiveDeal, deleteDeal, restoreDeal } from '../../../model';
import { useBoard } from '../../../hooks/useBoard';
import { usePresence } from '../../../hooks/usePresence';
import { formatAmount, formatRelative, formatTimestamp } from '../../../lib/format';
import { Icon } from '../../../ui/Icon';
import { Menu, type MenuItem } from '../../../ui/Menu';
import { Avatar } from '../../../ui/Avatar';
import { safeColor } from '../../../lib/color';
import { toast } from '../../../ui/toast';
import { useBoardSession, reportResult } from '../boardSession';
import { KIND_LABEL } from '../dealLabels';
import { DealFields } from './DealFields';
import { NotesEditor } from './NotesEditor';
import { ConflictNotices } from './ConflictNotices';
import { CommentThread } from './CommentThread';
import { TitleField } from './TitleField';
import { WatchButton } from '../../activity/WatchButton';
import { DealTabs, dealTabPanelProps, type DealTab } from '../../activity/DealTabs';
import { DealHistory } from '../../activity/DealHistory';

export function DealDrawer({ dealId }: { dealId: string }) {
  const { conn, readOnly, openDeal, me, people } = useBoardSession();
  const deal = useBoard(useCallback((b) => b.deal(dealId), [dealId]));
  const columns = useBoard((b) => b.columns());
  const presence = usePresence(conn.awareness);
  const panel = useRef<HTMLElement>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [tab, setTab] = useState<DealTab>('details');

  const close = useCallback(() => openDeal(null), [openDeal]);

  useEffect(() => {
    panel.current?.focus({ preventScroll: true });
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      if (document.querySelector('dialog[open]')) return;
      close();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [close]);

  if (!deal || deal.invalid) {
    return (
      <aside className="drawer" aria-label="Deal" ref={panel} tabIndex={-1}>
        <div className="drawer-head">
          <span className="spacer" />
          <button type="button" className="icon-btn" aria-label="Close" onClick={close}>
            <Icon name="x" />
          </button>
        </div>
        <div className="empty">
          <h2>{deal ? 'This deal cannot be shown' : 'This deal is gone'}</h2>
          <p>{deal?.invalid ? deal.reason : 'Someone deleted it, or the link is wrong.'}</p>
        </div>
      </aside>
    );
  }

  const column = columns.find((c) => c.id === deal.columnId);
  const watchers = presence.people.filter((p) => p.openDealId === dealId && p.userId !== me.id);
  const updatedBy = people.get(deal.updatedBy)?.name ?? (deal.updatedBy === me.id ? me.name : null);
  const amount = formatAmount(deal.amount, deal.amountQualifier, deal.currency);

  const items: Array<MenuItem | 'separator'> = [
    deal.archived
      ? {
          label: 'Restore',
          icon: 'restore',
          onSelect: () => reportResult(restoreDeal(conn.doc, { dealId }, conn.origin), 'Could not restore', (m) => toast(m, 'error')),
        }
      : {
          label: 'Archive',
          icon: 'archive',
          onSelect: () => {
            if (reportResult(archiveDeal(conn.doc, { dealId }, conn.origin), 'Could not archive', (m) => toast(m, 'error')))
              toast('Deal archived. Show archived deals from the toolbar.', 'info', {
                label: 'Undo',
                run: () => void restoreDeal(conn.doc, { dealId }, conn.origin),
              });
          },
        },
    'separator',
    { label: 'Delete deal…', icon: 'trash', danger: true, onSelect: () => setConfirmDelete(true) },
  ];

  return (
    <aside className="drawer" aria-label={`Deal: ${deal.title}`} ref={panel} tabIndex={-1} data-testid="deal-drawer">
      <div className="drawer-head">
        <span className="stage-pill" style={{ ['--stage' as string]: safeColor(column?.color) }}>
          <span className="lane-dot" />
          {column?.name ?? 'No stage'}
        </span>
        <span className={`kind kind-${deal.kind}`}>{KIND_LABEL[deal.kind]}</span>
        {deal.archived ? <span className="chip chip-archived">Archived</span> : null}
        <span className="spacer" />
        {watchers.length > 0 ? (
          <span className="drawer-watchers" title={`Also here: ${watchers.map((w) => w.name).join(', ')}`}>
            {watchers.slice(0, 3).map((w) => (
              <Avatar key={w.userId} id={w.userId} name={w.name} color={w.color} size={22} />
            ))}
            <span className="muted">{watchers.length === 1 ? `${watchers[0]?.name} is here` : `${watchers.length} here`}</span>
          </span>
        ) : null}
        <WatchButton dealId={dealId} ownerId={deal.ownerId} />
        {readOnly ? null : <Menu label="Deal actions" items={items} className="icon-btn" />}
        <button type="button" className="icon-btn" aria-label="Close deal" title="Close (Esc)" onClick={close}>
          <Icon name="x" />
        </button>
      </div>
      {confirmDelete ? (
        <div className="drawer-confirm" role="alertdialog" aria-label="Delete deal">
          <span>Delete this deal with its notes and comments for everyone?</span>
          <button
            type="button"
            className="btn btn-danger btn-sm"
            onClick={() => reportResult(deleteDeal(conn.doc, { dealId }, conn.origin), 'Could not delete', (m) => toast(m, 'error')) && close()}
          >
            Delete
          </button>
          <button type="button" className="btn btn-ghost btn-sm" onClick={() => setConfirmDelete(false)}>
            Cancel
          </button>
        </div>
      ) : null}
      <div className="drawer-body">
        <ConflictNotices deal={deal} />
        <TitleField dealId={dealId} title={deal.title} readOnly={readOnly} />
        <div className="drawer-summary">
          {amount ? <span className="drawer-amount">{amount}</span> : null}
          {deal.acquirer || deal.target ? (
            <span className="drawer-parties">
              {deal.acquirer || '—'} <Icon name="arrowRight" size={13} /> {deal.target || '—'}
            </span>
          ) : null}
        </div>
        <p className="drawer-updated muted" title={formatTimestamp(deal.updatedAt)}>
          Updated {formatRelative(deal.updatedAt)}
          {updatedBy ? ` by ${updatedBy}` : ''}
        </p>
        <DealTabs dealId={dealId} tab={tab} onChange={setTab} />
        {tab === 'details' ? (
          <div className="deal-tab-panel" {...dealTabPanelProps(dealId, 'details')}>
            <DealFields deal={deal} columns={columns} />
            <section className="notes-section" aria-label="Notes">
              <h3 className="section-title">Notes</h3>
              <NotesEditor dealId={dealId} fallback={deal.notes} />
            </section>
            <CommentThread dealId={dealId} comments={deal.comments} />
          </div>
        ) : (
          <div className="deal-tab-panel" {...dealTabPanelProps(dealId, 'history')}>
            <DealHistory deal={deal} />
          </div>
        )}
      </div>
    </aside>
  );
}
