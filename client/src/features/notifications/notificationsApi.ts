/** The inbox and watch REST routes (CONTRACT.md "Notifications"). */
import { request } from '../../api';
import type { Digest, Notification, NotificationSettings, Watch } from '../../../../shared/src/notifications';

const enc = encodeURIComponent;

export const notificationsApi = {
  list: (query: { before?: string; unread?: boolean } = {}) => {
    const params = new URLSearchParams();
    if (query.before) params.set('before', query.before);
    if (query.unread) params.set('unread', '1');
    const qs = params.toString();
    return request<{ notifications: Notification[]; unreadCount: number }>('GET', `/api/me/notifications${qs ? `?${qs}` : ''}`);
  },
  markRead: (body: { ids: string[] } | { all: true }) => request<{ read: string[] }>('POST', '/api/me/notifications/read', body),
  settings: () => request<{ settings: NotificationSettings }>('GET', '/api/me/notification-settings').then((r) => r.settings),
  saveSettings: (settings: NotificationSettings) =>
    request<{ settings: NotificationSettings }>('PUT', '/api/me/notification-settings', settings).then((r) => r.settings),
  digest: () => request<{ digest: Digest | null }>('GET', '/api/me/digest').then((r) => r.digest),
  watches: () => request<{ watches: Watch[] }>('GET', '/api/me/watches').then((r) => r.watches),
  setWatch: (boardId: string, dealId: string | null, watching: boolean) =>
    request<{ watch: Watch }>(
      watching ? 'PUT' : 'DELETE',
      dealId ? `/api/boards/${enc(boardId)}/deals/${enc(dealId)}/watch` : `/api/boards/${enc(boardId)}/watch`,
    ),
};
