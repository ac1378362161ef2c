/**
 * The notification inbox (CONTRACT.md "Notifications"): what concerns one person, derived by
 * the server from committed activity, never from a client's claim. Shared by the REST routes,
 * the Socket.IO events and the client.
 */
import { z } from 'zod';

export const NOTIFICATION_KINDS = ['mention', 'comment', 'move', 'assigned', 'won', 'lost', 'role'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** What each kind means, in words (settings screen, docs). */
export const NOTIFICATION_KIND_LABELS: Record<NotificationKind, string> = {
  mention: 'Someone mentions you',
  comment: 'Comments on deals you watch',
  move: 'Moves of deals you watch',
  assigned: 'A deal is assigned to you',
  won: 'A deal is won on your boards',
  lost: 'A deal is lost on your boards',
  role: 'Your role on a board changes',
};

export const notificationSchema = z.object({
  id: z.string(),
  boardId: z.string(),
  boardName: z.string(),
  dealId: z.string().optional(),
  kind: z.enum(NOTIFICATION_KINDS),
  actor: z.object({ id: z.string(), name: z.string() }),
  /** ISO 8601, the server's clock. */
  at: z.string(),
  read: z.boolean(),
  /** One sentence in words, e.g. "Ada mentioned you on Amazon → OpenAI". */
  summary: z.string(),
  /** The comment's first words, for mentions and comments. */
  excerpt: z.string().optional(),
});
export type Notification = z.output<typeof notificationSchema>;

const kindSetting = z.object({ notify: z.boolean(), toast: z.boolean() }).strict();

/** A person's choices: which kinds go to the inbox, which also toast; auto-watching. */
export const notificationSettingsSchema = z
  .object({
    kinds: z.object(Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, kindSetting])) as Record<NotificationKind, typeof kindSetting>).strict(),
    /** Commenting on a deal or being mentioned on it makes you watch it. */
    autoWatch: z.boolean(),
  })
  .strict();
export type NotificationSettings = z.output<typeof notificationSettingsSchema>;

export const DEFAULT_NOTIFICATION_SETTINGS: NotificationSettings = {
  kinds: Object.fromEntries(
    NOTIFICATION_KINDS.map((kind) => [kind, { notify: true, toast: kind === 'mention' || kind === 'assigned' }]),
  ) as NotificationSettings['kinds'],
  autoWatch: true,
};

/** Stored settings (possibly from an older version) over the defaults. */
export function settingsWithDefaults(stored: unknown): NotificationSettings {
  const base = structuredClone(DEFAULT_NOTIFICATION_SETTINGS);
  if (!stored || typeof stored !== 'object') return base;
  const value = stored as { kinds?: Record<string, unknown>; autoWatch?: unknown };
  if (typeof value.autoWatch === 'boolean') base.autoWatch = value.autoWatch;
  for (const kind of NOTIFICATION_KINDS) {
    const parsed = kindSetting.safeParse(value.kinds?.[kind]);
    if (parsed.success) base.kinds[kind] = parsed.data;
  }
  return base;
}

/**
 * Whether a person watches a deal: their choice for the deal, else owning it, else their
 * "watch all deals" of the board. One rule for the server's notifier and the client's buttons.
 */
export function watchesDeal({ deal, board, owner }: { deal: boolean | undefined; board: boolean | undefined; owner: boolean }): boolean {
  return deal ?? (owner || board === true);
}

/** One watch choice: a deal (`dealId`), or every deal of the board (`dealId: null`). */
export const watchSchema = z.object({ boardId: z.string(), dealId: z.string().nullable(), watching: z.boolean() });
export type Watch = z.output<typeof watchSchema>;

/** "While you were away": counts per board and what mattered most, since `since`. */
export const digestSchema = z.object({
  since: z.string(),
  boards: z.array(
    z.object({
      boardId: z.string(),
      boardName: z.string(),
      changes: z.int(),
      highlights: z.array(z.object({ type: z.string(), dealId: z.string().optional(), summary: z.string(), at: z.string() })),
    }),
  ),
});
export type Digest = z.output<typeof digestSchema>;
