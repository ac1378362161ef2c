/**
 * The demo: a user whose random password is printed once, owning the demo board built
 * from the seed article through the shared mutations (attributed to the system).
 */
import { randomBytes } from 'node:crypto';
import { buildDemoBoard } from '../../../shared/src/board';
import { SYSTEM_ORIGIN } from '../../../shared/src/board/origin';
import type { PasswordHasher } from '../auth/passwords';
import type { Store } from '../store/Store';
import type { BoardHub } from '../sync/BoardHub';
import { newBoardId } from '../http/boards';

export const DEMO_EMAIL = 'demo@tranche.local';
export const DEMO_BOARD_NAME = 'AI mega-deals — January 2026';

export interface DemoSeed {
  email: string;
  /** Shown once in the log; only its hash is stored. */
  password: string;
  boardId: string;
}

/** Creates the demo user and board; null when the demo user already exists. */
export async function seedDemo(deps: { store: Store; passwords: PasswordHasher; hub: BoardHub }): Promise<DemoSeed | null> {
  const { store, passwords, hub } = deps;
  if (await store.findUserByEmail(DEMO_EMAIL)) return null;
  const password = randomBytes(12).toString('base64url');
  const user = await store.createUser({ email: DEMO_EMAIL, name: 'Demo Analyst', passwordHash: await passwords.hash(password) });
  const boardId = newBoardId();
  await store.createBoard({ id: boardId, name: DEMO_BOARD_NAME, ownerId: user.id });
  await hub.write(boardId, (doc, origin) => buildDemoBoard(doc, { ownerId: user.id }, origin), SYSTEM_ORIGIN);
  return { email: DEMO_EMAIL, password, boardId };
}
