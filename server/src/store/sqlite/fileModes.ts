/** File modes for DATA_DIR and the database: nobody but the server's user reads them. */
import fs from 'node:fs';

/**
 * DATA_DIR holds password hashes and every board: only the server's user may enter it
 * (0700), even when it already existed with a looser mode.
 */
export function restrictDataDir(dataDir: string): void {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dataDir, 0o700);
}

/** The database and its WAL/SHM companions are readable by the server's user only (0600). */
export function restrictDatabaseFiles(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    if (fs.existsSync(f)) fs.chmodSync(f, 0o600);
  }
}
