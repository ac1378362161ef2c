/**
 * The store entry point: `createStore(config)` opens the configured implementation
 * (SQLite in DATA_DIR today) with its migrations applied.
 */
import type { Config } from '../config';
import type { Store } from './Store';
import { SqliteStore } from './sqlite/SqliteStore';

export type {
  ActivityQuery,
  ApiTokenRecord,
  AttemptCount,
  InvitationRecord,
  SessionRecord,
  TokenAccess,
  BoardRecord,
  BoardSummary,
  LoadedDocument,
  MemberRecord,
  NewUpdate,
  Store,
  StoredUpdate,
  UserRecord,
} from './Store';
export { StoreError, isStoreError, type StoreErrorCode } from './errors';
export { SqliteStore, normalizeEmail } from './sqlite/SqliteStore';

/**
 * Opens the store for `config` and runs pending migrations.
 *
 * @example const store = await createStore({ dataDir: '/var/lib/tranche', sqliteBusyTimeoutMs: 5_000 });
 */
export async function createStore(config: Pick<Config, 'dataDir' | 'sqliteBusyTimeoutMs'>): Promise<Store> {
  return new SqliteStore({ dataDir: config.dataDir, busyTimeoutMs: config.sqliteBusyTimeoutMs });
}
