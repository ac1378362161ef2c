/**
 * "Restore" on a deal's history entry: puts back the fields that entry changed (or its
 * column, for a move) as they were just before it (before its first edit, for coalesced typing), as a new edit by me
 * (POST history/restore); other people's later edits of other fields stay.
 */
import { useState } from 'react';
import type { ActivityEvent } from '../../../../shared/src/events';
import { isRestorableField, momentBefore } from '../../../../shared/src/history';

/** The fields an entry changed that a restore can put back (empty: no button). */
export function restorableFields(event: ActivityEvent): string[] {
  if (event.type === 'deal.moved') return ['columnId'];
  if (event.type === 'deal.updated') return Object.keys(event.data.fields).filter(isRestorableField);
  return [];
}

/** "Bring back" on a deleted deal in What changed: the deal as it was just before its deletion. */
export function BringBackButton({ boardId, dealId, deletedAt }: { boardId: string; dealId: string; deletedAt: string }) {
  const [state, setState] = useState<'idle' | 'busy' | 'done' | 'error'>('idle');
  const bringBack = async () => {
    setState('busy');
    const res = await fetch(`/api/boards/${encodeURIComponent(boardId)}/history/restore`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ dealId, at: new Date(Date.parse(deletedAt) - 1).toISOString() }),
    }).catch(() => null);
    setState(res?.ok ? 'done' : 'error');
  };
  return (
    <button type="button" className="btn btn-sm" data-testid="bring-back" disabled={state === 'busy' || state === 'done'} onClick={() => void bringBack()}>
      {state === 'done' ? 'Brought back' : state === 'error' ? 'Could not bring back — try again' : 'Bring back'}
    </button>
  );
}

export function RestoreButton({ boardId, event }: { boardId: string; event: ActivityEvent }) {
  const [state, setState] = useState<'idle' | 'busy' | 'done' | 'error'>('idle');
  const fields = restorableFields(event);
  if (fields.length === 0 || !event.dealId) return null;
  const restore = async () => {
    setState('busy');
    const before = momentBefore(event);
    const res = await fetch(`/api/boards/${encodeURIComponent(boardId)}/history/restore`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ dealId: event.dealId, at: before, fields }),
    }).catch(() => null);
    setState(res?.ok ? 'done' : 'error');
  };
  return (
    <button
      type="button"
      className="link-btn restore-btn"
      data-testid="restore-entry"
      disabled={state === 'busy' || state === 'done'}
      onClick={() => void restore()}
    >
      {state === 'done' ? 'Restored' : state === 'error' ? 'Could not restore — try again' : 'Restore earlier value'}
    </button>
  );
}
