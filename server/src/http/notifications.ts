/**
 * The person's notification inbox, across all their boards (only boards they still belong to):
 * `GET /api/me/notifications?before=&unread=1&limit=`, `POST /api/me/notifications/read`
 * `{ids}` or `{all:true}` (every tab and device hears `notification:read`), the settings
 * (`GET`/`PUT /api/me/notification-settings`) and the "while you were away" digest
 * (`GET /api/me/digest`).
 */
import { Router } from 'express';
import { z } from 'zod';
import { digestSchema, notificationSchema, notificationSettingsSchema, settingsWithDefaults } from '../../../shared/src/notifications';
import type { Identify } from '../auth/identify';
import type { Store } from '../store/Store';
import type { NotificationCenter } from '../notifications/NotificationCenter';
import { buildDigest } from '../notifications/digest';
import { requireUser, userOf } from './requireUser';
import { parseBody, parseQuery } from './validate';

export interface NotificationRoutesDeps {
  store: Store;
  identify: Identify;
  notifications: NotificationCenter;
  /** Away longer than this, GET /api/me/digest answers with a digest. */
  digestAwayMs: number;
}

const DEFAULT_LIMIT = 50;
const blankIsAbsent = (value: unknown) => (value === '' ? undefined : value);

export const notificationsQuery = z.object({
  /** A notification id: only older ones (the next page). */
  before: z.preprocess(blankIsAbsent, z.string().max(200).optional()),
  /** `1`: unread only. */
  unread: z.preprocess(blankIsAbsent, z.enum(['0', '1']).optional()),
  limit: z.preprocess(blankIsAbsent, z.coerce.number().int().min(1).max(200).optional()),
});
export const markReadBody = z.union([z.object({ ids: z.array(z.string().max(200)).min(1).max(500) }).strict(), z.object({ all: z.literal(true) }).strict()]);
export const notificationsView = z.object({ notifications: z.array(notificationSchema), unreadCount: z.int() });
export const markReadView = z.object({ read: z.array(z.string()) });
export const settingsView = z.object({ settings: notificationSettingsSchema });
export const digestView = z.object({ digest: digestSchema.nullable() });

export function createNotificationsRouter(deps: NotificationRoutesDeps): Router {
  const { store } = deps;
  const router = Router();
  router.use('/me', requireUser(deps.identify));

  router.get('/me/notifications', async (req, res) => {
    const user = userOf(req);
    const query = parseQuery(notificationsQuery, req.query);
    const [notifications, unreadCount] = await Promise.all([
      store.listNotifications(user.id, {
        limit: query.limit ?? DEFAULT_LIMIT,
        unreadOnly: query.unread === '1',
        ...(query.before !== undefined ? { before: query.before } : {}),
      }),
      store.countUnreadNotifications(user.id),
    ]);
    res.json({ notifications, unreadCount });
  });

  router.post('/me/notifications/read', async (req, res) => {
    const user = userOf(req);
    const body = parseBody(markReadBody, req.body);
    const read = await store.markNotificationsRead(user.id, 'all' in body ? 'all' : body.ids, new Date().toISOString());
    if (read.length > 0) deps.notifications.read(user.id, 'all' in body ? { all: true } : { ids: read });
    res.json({ read });
  });

  router.get('/me/notification-settings', async (req, res) => {
    res.json({ settings: settingsWithDefaults(await store.getNotificationSettings(userOf(req).id)) });
  });

  router.put('/me/notification-settings', async (req, res) => {
    const settings = parseBody(notificationSettingsSchema, req.body);
    await store.saveNotificationSettings(userOf(req).id, settings);
    res.json({ settings });
  });

  router.get('/me/digest', async (req, res) => {
    const user = userOf(req);
    const now = new Date();
    const lastSeen = await store.touchNotificationsSeen(user.id, now.toISOString());
    const away = lastSeen !== null && now.getTime() - Date.parse(lastSeen) > deps.digestAwayMs;
    res.json({ digest: away ? await buildDigest(store, user.id, lastSeen) : null });
  });

  return router;
}
