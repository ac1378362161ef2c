/**
 * The store entry point: `createStore(config)` opens the configured implementation
 * (PostgreSQL when DATABASE_URL is set, else SQLite in DATA_DIR) with its migrations applied.
 */
import type { Config } from '../config';
import type { Store } from './Store';
import { SqliteStore } from './sqlite/SqliteStore';
import { PostgresStore } from './postgres/PostgresStore';

export type {
  ActivityQuery,
  ApiTokenRecord,
  AttemptCount,
  BoardHead,
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
export { SnapshotThinningError, StoreError, isStoreError, type StoreErrorCode } from './errors';
export { SqliteStore, normalizeEmail } from './sqlite/SqliteStore';
export { PostgresStore } from './postgres/PostgresStore';

/**
 * Opens the store for `config` and runs pending migrations.
 *
 * @example const store = await createStore({ dataDir: '/var/lib/tranche', sqliteBusyTimeoutMs: 5_000 });
 */
export async function createStore(
  config: Pick<Config, 'dataDir' | 'sqliteBusyTimeoutMs'> & Partial<Pick<Config, 'databaseUrl' | 'pgPoolMax'>>,
): Promise<Store> {
  if (config.databaseUrl) return PostgresStore.open({ databaseUrl: config.databaseUrl, poolMax: config.pgPoolMax });
  return new SqliteStore({ dataDir: config.dataDir, busyTimeoutMs: config.sqliteBusyTimeoutMs });
}
