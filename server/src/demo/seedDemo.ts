/**
 * The demo: a user whose random password is printed once, owning the demo board built
 * from the seed article through the shared mutations, its January logged edit by edit at
 * the times they happened (demoLog.ts).
 */
import { randomBytes } from 'node:crypto';
import type { PasswordHasher } from '../auth/passwords';
import type { Store } from '../store/Store';
import type { BoardHub } from '../sync/BoardHub';
import { newBoardId } from '../store/newBoardId';
import { logDemoHistory } from './demoLog';

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
  const { store, passwords } = deps;
  if (await store.findUserByEmail(DEMO_EMAIL)) return null;
  const password = randomBytes(12).toString('base64url');
  const user = await store.createUser({ email: DEMO_EMAIL, name: 'Demo Analyst', passwordHash: await passwords.hash(password) });
  const boardId = newBoardId();
  await store.createBoard({ id: boardId, name: DEMO_BOARD_NAME, ownerId: user.id });
  await logDemoHistory(store, boardId, user);
  return { email: DEMO_EMAIL, password, boardId };
}
