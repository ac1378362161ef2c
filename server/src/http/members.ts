/**
 * Board members REST. Owners invite by email (a pending invitation, see invitations.ts),
 * change roles and remove; any member may list members and leave. The last owner can be
 * neither demoted nor removed. A change takes effect at once on the member's open
 * connections and is announced.
 */
import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { z } from 'zod';
import { ROLES, type Role } from '../../../shared/src/roles';
import type { Identify } from '../auth/identify';
import { publicUser } from '../auth/publicUser';
import type { Store, UserRecord } from '../store/Store';
import type { BoardHub } from '../sync/BoardHub';
import type { LiveEvents } from '../realtime/liveEvents';
import { announceMembership } from './announceMembership';
import { ownerView } from './invitations';
import { HttpError } from './errors';
import { parseBody } from './validate';
import { requireUser } from './requireUser';
import { requireBoardRole } from './boardAccess';

export interface MemberRoutesDeps {
  store: Store;
  hub: BoardHub;
  live: LiveEvents;
  identify: Identify;
  /** How long an email invitation stays valid (re-inviting the email renews it). */
  emailInviteTtlMs: number;
}

const roleSchema = z.enum(ROLES);
export const inviteBody = z.object({ email: z.string().trim().toLowerCase().pipe(z.email('a valid email')), role: roleSchema }).strict();
export const roleBody = z.object({ role: roleSchema }).strict();

export function createMembersRouter(deps: MemberRoutesDeps): Router {
  const { store, hub, live } = deps;
  const router = Router();
  router.use('/boards/:id/members', requireUser(deps.identify));

  /** Applies a membership change everywhere: open connections, sockets, the activity feed. */
  function announce(boardId: string, actor: UserRecord, member: { id: string; name: string }, role: Role | null): Promise<void> {
    return announceMembership({ store, hub, live }, boardId, actor, member, role);
  }

  async function requireOtherOwner(boardId: string, userId: string): Promise<void> {
    const members = await store.listMembers(boardId);
    const owners = members.filter((m) => m.role === 'owner' && m.user.id !== userId);
    if (owners.length === 0) throw new HttpError(409, 'last_owner', 'A board needs at least one owner: make someone else an owner first');
  }

  async function memberOrThrow(boardId: string, userId: string): Promise<{ user: UserRecord; role: Role }> {
    const member = (await store.listMembers(boardId)).find((m) => m.user.id === userId);
    if (!member) throw new HttpError(404, 'not_found', 'No such member');
    return member;
  }

  router.get('/boards/:id/members', async (req, res) => {
    const { boardId } = await requireBoardRole(store, req, 'viewer');
    const members = await store.listMembers(boardId);
    res.json(members.map((m) => ({ user: publicUser(m.user), role: m.role })));
  });

  /**
   * Invites an email: 201 `{invitation}`, the same whether or not anyone has signed up with
   * it (so the answer tells nothing about who has an account). They join when they accept.
   */
  router.post('/boards/:id/members', async (req, res) => {
    const { boardId, user } = await requireBoardRole(store, req, 'owner');
    const body = parseBody(inviteBody, req.body);
    const members = await store.listMembers(boardId);
    if (members.some((m) => m.user.email === body.email)) throw new HttpError(409, 'already_member', `email: ${body.email} is already a member`);
    const expiresAt = new Date(Date.now() + deps.emailInviteTtlMs).toISOString();
    const invitation = await store.createInvitation({ id: randomUUID(), boardId, email: body.email, role: body.role, invitedBy: user.id, expiresAt });
    res.status(201).json({ invitation: ownerView(invitation) });
  });

  router.patch('/boards/:id/members/:userId', async (req, res) => {
    const { boardId, user } = await requireBoardRole(store, req, 'owner');
    const body = parseBody(roleBody, req.body);
    const member = await memberOrThrow(boardId, String(req.params.userId));
    if (member.role === body.role) return void res.json({ user: publicUser(member.user), role: body.role });
    if (member.role === 'owner') await requireOtherOwner(boardId, member.user.id);
    await store.setMember(boardId, member.user.id, body.role);
    await announce(boardId, user, member.user, body.role);
    res.json({ user: publicUser(member.user), role: body.role });
  });

  router.delete('/boards/:id/members/:userId', async (req, res) => {
    const targetId = String(req.params.userId);
    // Any member may leave; only owners remove others.
    const access = await requireBoardRole(store, req, 'viewer');
    if (targetId !== access.user.id && access.role !== 'owner') throw new HttpError(403, 'forbidden', 'Only owners can remove members');
    const member = await memberOrThrow(access.boardId, targetId);
    if (member.role === 'owner') await requireOtherOwner(access.boardId, member.user.id);
    await store.removeMember(access.boardId, member.user.id);
    await announce(access.boardId, access.user, member.user, null);
    res.status(204).end();
  });

  return router;
}
