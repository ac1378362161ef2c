/**
 * Invitations: nobody joins a board without saying yes.
 *
 * Owners (`/api/boards/:id/...`):
 * - `POST members {email, role}` (members.ts) creates a pending invitation; the answer is
 *   the same whether or not the email has an account.
 * - `GET invitations` lists pending ones (email and link); `DELETE invitations/:invId` cancels.
 * - `POST invite-links {role}` → `201 {invitation, token}`: a single-use link that expires.
 *
 * The invited person:
 * - `GET /api/invitations` their pending email invitations (by their account's email);
 *   `POST /api/invitations/:id/accept` joins; `DELETE /api/invitations/:id` declines.
 * - `GET /api/invite-links/:token` what a link offers (no sign-in needed, to show it on the
 *   sign-up page); `POST /api/invite-links/:token/accept` joins (signed in), or sign up with
 *   `{..., invite: token}`.
 */
import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { z } from 'zod';
import { ROLES } from '../../../shared/src/roles';
import type { Identify } from '../auth/identify';
import { looksLikeInvite, newInviteSecret } from '../auth/inviteLinks';
import { hashSecret } from '../auth/secrets';
import type { InvitationRecord, Store, UserRecord } from '../store/Store';
import type { BoardHub } from '../sync/BoardHub';
import type { LiveEvents } from '../realtime/liveEvents';
import { announceMembership } from './announceMembership';
import { requireBoardRole } from './boardAccess';
import { HttpError } from './errors';
import { requireSession, requireUser, userOf } from './requireUser';
import { parseBody } from './validate';

export interface InvitationRoutesDeps {
  store: Store;
  hub: BoardHub;
  live: LiveEvents;
  identify: Identify;
  /** How long an invite link stays valid. */
  inviteLinkTtlMs: number;
}

export const linkBody = z.object({ role: z.enum(ROLES) }).strict();

/** What the owner sees of an invitation (never a link's secret). */
export function ownerView(inv: InvitationRecord) {
  return {
    id: inv.id,
    kind: inv.email === null ? 'link' : 'email',
    email: inv.email,
    role: inv.role,
    invitedBy: inv.invitedBy,
    createdAt: inv.createdAt,
    expiresAt: inv.expiresAt,
  };
}

/** What the invited person sees. */
function inviteeView(inv: InvitationRecord) {
  return {
    id: inv.id,
    boardId: inv.boardId,
    boardName: inv.boardName,
    role: inv.role,
    invitedBy: inv.invitedBy,
    createdAt: inv.createdAt,
    expiresAt: inv.expiresAt,
  };
}

export function createInvitationsRouter(deps: InvitationRoutesDeps): {
  router: Router;
  acceptLink: (token: string, user: UserRecord) => Promise<{ boardId: string; role: string }>;
} {
  const { store } = deps;
  const router = Router();

  async function accept(inv: InvitationRecord, user: UserRecord): Promise<{ boardId: string; role: string }> {
    const role = await store.acceptInvitation(inv.id, user.id);
    if (!role) throw new HttpError(404, 'not_found', 'This invitation is no longer valid');
    // Announced as the inviter's act ("Olga made Bob an editor"): they chose the role.
    await announceMembership(deps, inv.boardId, inv.invitedBy ?? user, user, role);
    return { boardId: inv.boardId, role };
  }

  async function acceptLink(token: string, user: UserRecord) {
    const inv = looksLikeInvite(token) ? await store.getInvitationByToken(hashSecret(token)) : null;
    if (!inv) throw new HttpError(404, 'not_found', 'This invite link is invalid, used or expired');
    return accept(inv, user);
  }

  // ── Owners ─────────────────────────────────────────────────────────────
  router.use('/boards/:id/invitations', requireUser(deps.identify));
  router.use('/boards/:id/invite-links', requireUser(deps.identify));

  router.get('/boards/:id/invitations', async (req, res) => {
    const { boardId } = await requireBoardRole(store, req, 'owner');
    res.json((await store.listBoardInvitations(boardId)).map(ownerView));
  });

  router.delete('/boards/:id/invitations/:invitationId', async (req, res) => {
    const { boardId } = await requireBoardRole(store, req, 'owner');
    if (!(await store.deleteInvitation(boardId, String(req.params.invitationId)))) throw new HttpError(404, 'not_found', 'No such invitation');
    res.status(204).end();
  });

  router.post('/boards/:id/invite-links', async (req, res) => {
    const { boardId, user } = await requireBoardRole(store, req, 'owner');
    const { role } = parseBody(linkBody, req.body);
    const { token, tokenHash } = newInviteSecret();
    const expiresAt = new Date(Date.now() + deps.inviteLinkTtlMs).toISOString();
    const invitation = await store.createInvitation({ id: randomUUID(), boardId, tokenHash, role, invitedBy: user.id, expiresAt });
    res.status(201).json({ invitation: ownerView(invitation), token });
  });

  // ── The invited person ─────────────────────────────────────────────────
  router.get('/invitations', requireSession(deps.identify), async (req, res) => {
    res.json((await store.listInvitationsForEmail(userOf(req).email)).map(inviteeView));
  });

  async function mine(req: Parameters<typeof userOf>[0], id: string): Promise<InvitationRecord> {
    const inv = await store.getInvitation(id);
    if (!inv || inv.email === null || inv.email !== userOf(req).email.toLowerCase()) throw new HttpError(404, 'not_found', 'No such invitation');
    return inv;
  }

  router.post('/invitations/:invitationId/accept', requireSession(deps.identify), async (req, res) => {
    res.json(await accept(await mine(req, String(req.params.invitationId)), userOf(req)));
  });

  router.delete('/invitations/:invitationId', requireSession(deps.identify), async (req, res) => {
    const inv = await mine(req, String(req.params.invitationId));
    await store.deleteInvitation(inv.boardId, inv.id);
    res.status(204).end();
  });

  router.get('/invite-links/:token', async (req, res) => {
    const token = String(req.params.token);
    const inv = looksLikeInvite(token) ? await store.getInvitationByToken(hashSecret(token)) : null;
    if (!inv) throw new HttpError(404, 'not_found', 'This invite link is invalid, used or expired');
    res.json({ boardName: inv.boardName, role: inv.role, invitedBy: inv.invitedBy?.name ?? null, expiresAt: inv.expiresAt });
  });

  router.post('/invite-links/:token/accept', requireSession(deps.identify), async (req, res) => {
    res.json(await acceptLink(String(req.params.token), userOf(req)));
  });

  return { router, acceptLink };
}
