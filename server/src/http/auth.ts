/**
 * Identity routes (CONTRACT "Identity"), mounted at /api/auth:
 * POST /signup, POST /login, POST /logout, GET /me. Bodies carry `{user}` = `{id, email, name}`.
 */
import { Router, type Request } from 'express';
import { z } from 'zod';
import type { Identify } from '../auth/identify';
import type { PasswordHasher } from '../auth/passwords';
import { publicUser } from '../auth/publicUser';
import { sessionIdFrom, type Sessions } from '../auth/sessions';
import { hashSecret } from '../auth/secrets';
import { LoginThrottle } from '../auth/throttle';
import { isStoreError } from '../store/errors';
import type { Store } from '../store/Store';
import { HttpError } from './errors';
import { requireUser, userOf } from './requireUser';
import { parseBody } from './validate';

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 200;

const emailField = z
  .string({ error: 'Required' })
  .trim()
  .max(254, { error: 'Too long' })
  .pipe(z.email({ error: 'Invalid email' }));

export const signupSchema = z.object({
  email: emailField,
  name: z.string({ error: 'Required' }).trim().min(1, { error: 'Required' }).max(100, { error: 'At most 100 characters' }),
  password: z
    .string({ error: 'Required' })
    .min(PASSWORD_MIN, { error: `At least ${PASSWORD_MIN} characters` })
    .max(PASSWORD_MAX, { error: `At most ${PASSWORD_MAX} characters` }),
});

export const loginSchema = z.object({
  email: z.string({ error: 'Required' }).trim().min(1, { error: 'Required' }).max(254, { error: 'Too long' }),
  password: z.string({ error: 'Required' }).min(1, { error: 'Required' }).max(PASSWORD_MAX, { error: 'Too long' }),
});

export interface AuthRouterDeps {
  store: Store;
  identify: Identify;
  passwords: PasswordHasher;
  sessions: Sessions;
  throttle: LoginThrottle;
  /** Called with the session's credential hash after logout, to close what it opened. */
  onSignedOut?: (credential: string) => void;
}

export function createAuthRouter({ store, identify, passwords, sessions, throttle, onSignedOut }: AuthRouterDeps): Router {
  const router = Router();

  router.post('/signup', async (req, res) => {
    const input = parseBody(signupSchema, req.body);
    if (await store.findUserByEmail(input.email)) throw emailTaken();
    const passwordHash = await passwords.hash(input.password);
    let user;
    try {
      user = await store.createUser({ email: input.email, name: input.name, passwordHash });
    } catch (err) {
      if (isStoreError(err, 'email_taken')) throw emailTaken();
      throw err;
    }
    await sessions.end(req); // a previous session in this browser does not outlive the switch
    res.append('Set-Cookie', await sessions.start(user.id));
    res.status(201).json({ user: publicUser(user) });
  });

  router.post('/login', async (req, res) => {
    const input = parseBody(loginSchema, req.body);
    const key = LoginThrottle.key(clientAddress(req), input.email);
    const wait = throttle.attempt(key); // counted now, cleared on success
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      throw new HttpError(429, 'too_many_attempts', `Too many failed logins; try again in ${Math.ceil(seconds / 60)} min`, {
        'Retry-After': String(seconds),
      });
    }
    const found = await store.findUserByEmail(input.email);
    const ok = found ? await passwords.verify(input.password, found.passwordHash) : await passwords.verifyDummy(input.password);
    if (!found || !ok) throw new HttpError(401, 'bad_credentials', 'Wrong email or password');
    throttle.succeed(key);
    await sessions.end(req);
    res.append('Set-Cookie', await sessions.start(found.id));
    res.json({ user: publicUser(found) });
  });

  router.post('/logout', async (req, res) => {
    const sessionId = sessionIdFrom(req);
    res.append('Set-Cookie', await sessions.end(req));
    if (sessionId) onSignedOut?.(hashSecret(sessionId));
    res.status(204).end();
  });

  router.get('/me', requireUser(identify), (req, res) => {
    res.json({ user: publicUser(userOf(req)) });
  });

  return router;
}

function emailTaken(): HttpError {
  return new HttpError(409, 'email_taken', 'That email is already registered');
}

function clientAddress(req: Request): string | undefined {
  return req.ip ?? req.socket.remoteAddress;
}
