/** Random, unguessable board ids (96 bits, base64url): knowing one grants nothing (docs/API.md, "Boards and roles"). */
import { randomBytes } from 'node:crypto';

export function newBoardId(): string {
  return randomBytes(12).toString('base64url');
}
