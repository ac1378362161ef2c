/**
 * `npm run reset-password -- <email>`: for an operator on the server. Sets a new random
 * password for the account, signs it out everywhere and prints the password once on
 * stdout (nowhere else). Uses the same DATA_DIR as the server (env).
 */
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../config';
import { createPasswordHasher, type PasswordHasher } from '../auth/passwords';
import { createStore } from '../store/index';
import type { Store } from '../store/Store';

/** Resets `email`'s password; returns the new one, or null when there is no such account. */
async function resetPassword(store: Store, passwords: PasswordHasher, email: string): Promise<string | null> {
  const user = await store.findUserByEmail(email);
  if (!user) return null;
  const password = randomBytes(12).toString('base64url'); // 16 characters, never on a common list
  await store.setPasswordHash(user.id, await passwords.hash(password));
  await store.deleteUserSessions(user.id); // whoever knew the old one is signed out
  return password;
}

async function main(argv: string[]): Promise<number> {
  const email = argv[0]?.trim();
  if (!email || argv.length !== 1) {
    console.error('Usage: npm run reset-password -- <email>');
    return 2;
  }
  const config = loadConfig(process.env);
  const store = await createStore(config);
  try {
    const password = await resetPassword(store, createPasswordHasher(config.scrypt, 1), email);
    if (password === null) {
      console.error(`No account with the email ${email} in ${config.dataDir}`);
      return 1;
    }
    console.log(`New password for ${email}: ${password}`);
    console.log('Their sessions were signed out; give them the password over a safe channel.');
    return 0;
  } finally {
    await store.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
