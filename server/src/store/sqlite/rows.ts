/** Row shapes of the SQLite tables and their mapping to Store records. */
import Database from 'better-sqlite3';
import type { ActivityEvent, ActivityType } from '../../../../shared/src/events';
import { isRole, type Role } from '../../../../shared/src/roles';
import type { BoardRecord, UserRecord } from '../Store';

export interface UserRow {
  id: string;
  email: string;
  name: string;
  created_at: string;
}
export interface BoardRow {
  id: string;
  name: string;
  created_at: string;
  updated_at: string;
}
export interface UpdateRow {
  seq: number;
  update: Buffer;
  user_id: string | null;
  at: string;
}
export interface ActivityRow {
  id: string;
  board_id: string;
  at: string;
  actor_id: string;
  actor_name: string;
  type: string;
  deal_id: string | null;
  summary: string;
  data: string;
}

export function toUser(row: UserRow): UserRecord {
  return { id: row.id, email: row.email, name: row.name, createdAt: row.created_at };
}

export function toBoard(row: BoardRow): BoardRecord {
  return { id: row.id, name: row.name, createdAt: row.created_at, updatedAt: row.updated_at };
}

export function toRole(value: string): Role {
  if (!isRole(value)) throw new Error(`Corrupt membership role: ${value}`);
  return value;
}

export function toActivity(row: ActivityRow): ActivityEvent {
  // The stored `data` is what the server derived for this type (the type's shape, ActivityData).
  const event = {
    id: row.id,
    boardId: row.board_id,
    at: row.at,
    actor: { id: row.actor_id, name: row.actor_name },
    type: row.type as ActivityType,
    summary: row.summary,
    data: JSON.parse(row.data) as unknown,
  } as ActivityEvent;
  if (row.deal_id !== null) event.dealId = row.deal_id;
  return event;
}

/** A Uint8Array view as a Buffer without copying (better-sqlite3 binds Buffers as BLOBs). */
export function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** A plain Uint8Array (not a Buffer) so Yjs and equality checks see the ordinary type. */
export function toBytes(buf: Buffer): Uint8Array {
  return new Uint8Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
}

export function isConstraint(err: unknown, code: string): boolean {
  return err instanceof Database.SqliteError && err.code === code;
}
