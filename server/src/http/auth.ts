/**
 * Identity routes (CONTRACT "Identity"), mounted at /api/auth:
 * POST /signup, POST /login, POST /logout, POST /logout-everywhere, GET /me.
 * Bodies carry `{user}` = `{id, email, name}`.
 *
 * Sign-ins and sign-ups are throttled per address and per (address, email) with backoff
 * (429 with the real wait in Retry-After and the message). Password checks run in one
 * lane per address (`hashPerAddress` at a time, 16 more waiting, else 429) and wait for a
 * hashing slot only while that queue is short (else 503 `busy`): a flood from one address
 * never holds every slot, so real people elsewhere are not starved.
 */
import { Router, type Request } from 'express';
import { z } from 'zod';
import type { Identify } from '../auth/identify';
import type { PasswordHasher } from '../auth/passwords';
import { publicUser } from '../auth/publicUser';
import { sessionIdFrom, type Sessions } from '../auth/sessions';
import { hashSecret } from '../auth/secrets';
import { type AuthThrottle, describeWait } from '../auth/throttle';
import { AddressLanes } from '../auth/addressLanes';
import { QueueFullError } from '../auth/semaphore';
import { isCommonPassword } from '../auth/commonPasswords';
import { PASSWORD_MAX, passwordProblem } from '../../../shared/src/passwordRules';
import { isStoreError } from '../store/errors';
import type { Store, UserRecord } from '../store/Store';
import { HttpError } from './errors';
import { requireSession, requireUser, userOf } from './requireUser';
import { parseBody } from './validate';

const emailField = z
  .string({ error: 'Required' })
  .trim()
  .max(254, { error: 'Too long' })
  .pipe(z.email({ error: 'Invalid email' }));

export const signupSchema = z.object({
  email: emailField,
  name: z.string({ error: 'Required' }).trim().min(1, { error: 'Required' }).max(100, { error: 'At most 100 characters' }),
  password: z.string({ error: 'Required' }).max(PASSWORD_MAX * 4, { error: `At most ${PASSWORD_MAX} characters` }),
  /** An invite link's token: the new account joins that board. */
  invite: z.string().max(100).optional(),
});

export const loginSchema = z.object({
  email: z.string({ error: 'Required' }).trim().min(1, { error: 'Required' }).max(254, { error: 'Too long' }),
  password: z.string({ error: 'Required' }).min(1, { error: 'Required' }).max(PASSWORD_MAX, { error: 'Too long' }),
});

/**
 * Password checks one address may have waiting (beyond the one running) before 429. They
 * wait in the address's own lane, not for a hashing slot, so they delay nobody else.
 */
const PER_ADDRESS_QUEUE = 16;

export interface AuthRouterDeps {
  store: Store;
  identify: Identify;
  passwords: PasswordHasher;
  sessions: Sessions;
  throttle: AuthThrottle;
  /** Password checks in flight per client address. */
  hashPerAddress: number;
  /** Called with the session's credential hash after logout, to close what it opened. */
  onSignedOut?: (credential: string) => void | Promise<void>;
  /** Joins a new account to the board of an invite link (see invitations.ts); throws HttpError when the link is unusable. */
  acceptInviteLink?: (token: string, user: UserRecord) => Promise<unknown>;
}

export function createAuthRouter(deps: AuthRouterDeps): Router {
  const { store, identify, passwords, sessions, throttle, onSignedOut } = deps;
  const router = Router();
  const checking = new AddressLanes(deps.hashPerAddress, PER_ADDRESS_QUEUE);

  /** Runs a password hash or check for `address`, refusing a flood instead of queueing it. */
  async function hashFor<T>(address: string, task: () => Promise<T>): Promise<T> {
    let admitted = false;
    try {
      return await checking.run(address, () => {
        admitted = true;
        return task();
      });
    } catch (err) {
      if (!(err instanceof QueueFullError)) throw err;
      if (!admitted)
        throw new HttpError(429, 'too_many_requests', 'Too many sign-in attempts at once from your network; try again in 1 second', { 'Retry-After': '1' });
      throw new HttpError(503, 'busy', 'The server is busy signing people in; try again in 1 second', { 'Retry-After': '1' });
    }
  }

  router.post('/signup', async (req, res) => {
    const input = parseBody(signupSchema, req.body);
    const problem = passwordProblem(input.password, input, isCommonPassword);
    if (problem) throw new HttpError(400, 'weak_password', `password: ${problem}`);
    const address = clientAddress(req);
    throwIfWaiting(await throttle.beginSignup(address), 'Too many accounts created from your network');
    if (await store.findUserByEmail(input.email)) throw emailTaken();
    const passwordHash = await hashFor(address, () => passwords.hash(input.password));
    let user;
    try {
      user = await store.createUser({ email: input.email, name: input.name, passwordHash });
    } catch (err) {
      if (isStoreError(err, 'email_taken')) throw emailTaken();
      throw err;
    }
    await sessions.end(req); // a previous session in this browser does not outlive the switch
    res.append('Set-Cookie', await sessions.start(user.id, req.get('user-agent')));
    let joined: unknown;
    if (input.invite !== undefined && deps.acceptInviteLink) {
      // The account exists either way; a stale link is reported, not fatal.
      joined = await deps
        .acceptInviteLink(input.invite, user)
        .catch((err: unknown) => ({ error: err instanceof HttpError ? err.message : 'The invite link could not be used' }));
    }
    res.status(201).json({ user: publicUser(user), ...(joined !== undefined ? { joined } : {}) });
  });

  router.post('/login', async (req, res) => {
    const input = parseBody(loginSchema, req.body);
    const address = clientAddress(req);
    throwIfWaiting(await throttle.beginLogin(address, input.email), 'Too many failed sign-ins');
    const found = await store.findUserByEmail(input.email);
    const ok = await hashFor(address, () => (found ? passwords.verify(input.password, found.passwordHash) : passwords.verifyDummy(input.password)));
    if (!found || !ok) throw new HttpError(401, 'bad_credentials', 'Wrong email or password');
    await throttle.loginSucceeded(address, input.email);
    await sessions.end(req);
    res.append('Set-Cookie', await sessions.start(found.id, req.get('user-agent')));
    res.json({ user: publicUser(found) });
  });

  router.post('/logout', async (req, res) => {
    const sessionId = sessionIdFrom(req);
    res.append('Set-Cookie', await sessions.end(req));
    if (sessionId) await onSignedOut?.(hashSecret(sessionId));
    res.status(204).end();
  });

  /** Signs the user out of every browser (this one too) and closes what those sessions opened. */
  router.post('/logout-everywhere', requireSession(identify), async (req, res) => {
    const ended = await store.deleteUserSessions(userOf(req).id);
    res.append('Set-Cookie', sessions.clear());
    await Promise.all(ended.map((credential) => onSignedOut?.(credential)));
    res.status(204).end();
  });

  router.get('/me', requireUser(identify), (req, res) => {
    res.json({ user: publicUser(userOf(req)) });
  });

  return router;
}

/** 429 with the real wait, in seconds in Retry-After and in words in the message. */
function throwIfWaiting(waitMs: number, what: string): void {
  if (waitMs <= 0) return;
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  throw new HttpError(429, 'too_many_attempts', `${what}; try again in ${describeWait(waitMs)}`, { 'Retry-After': String(seconds) });
}

function emailTaken(): HttpError {
  return new HttpError(409, 'email_taken', 'That email is already registered');
}

function clientAddress(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}
