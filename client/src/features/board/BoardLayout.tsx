/** The open board's page: top bar (name, board actions, people, status), read-only banner, filters, columns, drawer. */
import { lazy, useCallback, useEffect, useState, type ReactNode } from 'react';
import { useBoard } from '../../hooks/useBoard';
import { EMPTY_FILTER, type DealFilter } from '../../model';
import { TopBar } from '../../ui/TopBar';
import { Icon } from '../../ui/Icon';
import { Menu } from '../../ui/Menu';
import { PartBoundary } from '../../ui/PartBoundary';
import { exportUrl } from '../../api';
import { MembersDialog } from '../boards/MembersDialog';
import { useBoardSession } from './boardSession';
import { BackToBoards } from './BoardMessage';
import { BoardView } from './BoardView';
import { BoardSkeleton } from './BoardSkeleton';
import { BoardPreviewOrSkeleton } from './BoardPreview';
import { FilterBar } from './FilterBar';
import { PresenceBar } from './PresenceBar';
import { StatusIndicators } from './StatusIndicators';
import { ShortcutSheet, useShortcutSheetKey } from './ShortcutSheet';
import { ActivityContext, useActivityController } from '../activity/ActivityContext';
import { ActivityToggle } from '../activity/ActivityToggle';
import { ActivityLayer } from '../activity/ActivityLayer';
import type { BoardViewName } from '../../lib/route';
import { ViewTabs } from './ViewTabs';
import { CurrencyDialog } from './CurrencyDialog';
import { HistoryButton } from '../history/HistoryBar';
import { DealDrawer, fetchLaterParts, ImportDialog, RatesDialog, TableView, WebhooksDialog } from './laterParts';

/** Charts are heavy: the Insights tab loads them when first opened. */
const InsightsView = lazy(() => import('../insights/InsightsView'));

/** `history`: the History bar, when the board shows a past moment (in place of the view-only banner). */
export function BoardLayout({
  fallbackName,
  dealId,
  synced,
  view = 'board',
  history,
}: {
  fallbackName: string;
  dealId: string | null;
  synced: boolean;
  view?: BoardViewName;
  history?: ReactNode;
}) {
  const { conn, me, role, readOnly, boardId } = useBoardSession();
  const name = useBoard((b) => b.info().name) || fallbackName;
  const [filter, setFilter] = useState<DealFilter>(EMPTY_FILTER);
  const [membersOpen, setMembersOpen] = useState(false);
  const [webhooksOpen, setWebhooksOpen] = useState(false);
  const [dialog, setDialog] = useState<'currency' | 'rates' | 'import' | null>(null);
  const activity = useActivityController();
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  useShortcutSheetKey(useCallback(() => setShortcutsOpen(true), []));
  useEffect(fetchLaterParts, []);

  return (
    <ActivityContext.Provider value={activity}>
      <div className={`page board-page${activity.panelOpen ? ' activity-open' : ''}${dealId ? ' drawer-open' : ''}`}>
        <TopBar
          right={
            <>
              <PresenceBar conn={conn} me={me} />
              <StatusIndicators conn={conn} readOnly={readOnly} />
              <ActivityToggle />
              {history ? null : <HistoryButton boardId={boardId} />}
              {role === 'owner' ? (
                <button type="button" className="btn btn-sm" onClick={() => setMembersOpen(true)}>
                  <Icon name="users" size={14} /> <span className="hide-narrow">Share</span>
                </button>
              ) : null}
            </>
          }
        >
          <BackToBoards />
          <h1 className="board-name" title={name}>
            {name}
          </h1>
          <span className={`badge badge-${role}`}>{role}</span>
          <ViewTabs boardId={boardId} view={view} />
          <Menu
            label="Board actions"
            className="icon-btn"
            align="start"
            items={[
              { label: 'Export CSV', icon: 'download', href: exportUrl(boardId, 'csv'), download: true },
              { label: 'Export JSON', icon: 'download', href: exportUrl(boardId, 'json'), download: true },
              ...(role === 'owner' ? [{ label: 'Members…', icon: 'users' as const, onSelect: () => setMembersOpen(true) }] : []),
              { label: 'Keyboard shortcuts', icon: 'key' as const, onSelect: () => setShortcutsOpen(true) },
              ...(role === 'owner' ? [{ label: 'Webhooks', icon: 'link' as const, onSelect: () => setWebhooksOpen(true) }] : []),
              ...(readOnly ? [] : [{ label: 'Import CSV…', icon: 'plus' as const, onSelect: () => setDialog('import') }]),
              ...(role === 'owner' ? [{ label: 'Board currency…', icon: 'dollar' as const, onSelect: () => setDialog('currency') }] : []),
              ...(role === 'owner' ? [{ label: 'Exchange rates…', icon: 'dollar' as const, onSelect: () => setDialog('rates') }] : []),
            ]}
          />
        </TopBar>
        {history ?? null}
        {readOnly && !history ? (
          <div className="readonly-banner" role="note" data-testid="readonly-banner">
            <Icon name="eye" size={15} />
            <span>
              <strong>View only.</strong> You can see every change as it happens, but not edit. Ask an owner for editor access.
            </span>
          </div>
        ) : null}
        <main className="board-main" aria-label={name}>
          {synced ? (
            <>
              <FilterBar filter={filter} onChange={setFilter} />
              {view === 'table' ? (
                <PartBoundary what="The table" fallback={<BoardSkeleton label="Loading the table…" />}>
                  <TableView filter={filter} />
                </PartBoundary>
              ) : view === 'insights' ? (
                <PartBoundary what="Insights" fallback={<BoardSkeleton label="Loading charts…" />}>
                  <InsightsView filter={filter} />
                </PartBoundary>
              ) : (
                <BoardView filter={filter} openDealId={dealId} />
              )}
              {dealId ? (
                <PartBoundary key={dealId} what="This deal" fallback={null} floating>
                  <DealDrawer dealId={dealId} />
                </PartBoundary>
              ) : null}
            </>
          ) : // The preview is of the live board view: not the table's rows, the charts or a past moment.
          view === 'board' && !history ? (
            <BoardPreviewOrSkeleton conn={conn} label="Syncing board…" />
          ) : (
            <BoardSkeleton label="Syncing board…" />
          )}
        </main>
        {synced ? <ActivityLayer /> : null}
        {shortcutsOpen ? <ShortcutSheet onClose={() => setShortcutsOpen(false)} /> : null}
        {dialog === 'currency' ? <CurrencyDialog onClose={() => setDialog(null)} /> : null}
        <PartBoundary what="This dialog" fallback={null} floating>
          {dialog === 'rates' ? <RatesDialog onClose={() => setDialog(null)} /> : null}
          {dialog === 'import' ? <ImportDialog onClose={() => setDialog(null)} /> : null}
          {webhooksOpen ? <WebhooksDialog boardId={boardId} onClose={() => setWebhooksOpen(false)} /> : null}
        </PartBoundary>
        {membersOpen ? <MembersDialog boardId={boardId} boardName={name} onClose={() => setMembersOpen(false)} /> : null}
      </div>
    </ActivityContext.Provider>
  );
}
