/**
 * `GET /api/boards/:id/activity?limit=&before=&dealId=` (CONTRACT.md "Boards and roles"):
 * one page of a board's (or one deal's) activity, newest first. `before` is an event id.
 */
import type { ActivityEvent } from '../../../../shared/src/events';
import { ApiError } from '../../api';

export interface ActivityPageQuery {
  limit: number;
  before?: string;
  dealId?: string;
}

export async function fetchActivityPage(boardId: string, query: ActivityPageQuery, signal?: AbortSignal): Promise<ActivityEvent[]> {
  const params = new URLSearchParams({ limit: String(query.limit) });
  if (query.before) params.set('before', query.before);
  if (query.dealId) params.set('dealId', query.dealId);
  let res: Response;
  try {
    res = await fetch(`/api/boards/${encodeURIComponent(boardId)}/activity?${params}`, {
      credentials: 'same-origin',
      headers: { Accept: 'application/json' },
      signal,
    });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new ApiError(0, 'network', 'Cannot reach the server.');
  }
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
    throw new ApiError(
      res.status,
      typeof error?.code === 'string' ? error.code : `http_${res.status}`,
      typeof error?.message === 'string' ? error.message : `The server answered ${res.status}.`,
    );
  }
  return Array.isArray(body) ? body.filter(isActivityEvent) : [];
}

/** The shape check a stored or live event must pass before the UI reads it. */
export function isActivityEvent(value: unknown): value is ActivityEvent {
  if (!value || typeof value !== 'object') return false;
  const e = value as Record<string, unknown>;
  const actor = e.actor as Record<string, unknown> | null | undefined;
  return (
    typeof e.id === 'string' &&
    typeof e.at === 'string' &&
    typeof e.type === 'string' &&
    typeof e.summary === 'string' &&
    !!actor &&
    typeof actor.id === 'string' &&
    typeof actor.name === 'string' &&
    (e.dealId === undefined || typeof e.dealId === 'string') &&
    !!e.data &&
    typeof e.data === 'object'
  );
}
