/**
 * A deal's id in the system it was imported from (a Pipedrive or HubSpot record id), kept on
 * the deal's map as `externalId` (a string) so that importing the same file again updates the
 * deal instead of adding a copy. Readers of the deal record ignore it.
 */
import type * as Y from 'yjs';
import { getDealMap } from '../board/readers';

export const EXTERNAL_ID_KEY = 'externalId';

export function readExternalId(doc: Y.Doc, dealId: string): string | null {
  const value: unknown = getDealMap(doc, dealId)?.get(EXTERNAL_ID_KEY);
  return typeof value === 'string' && value !== '' ? value : null;
}

/** Records the external id on an existing deal (inside the caller's transaction). */
export function writeExternalId(doc: Y.Doc, dealId: string, externalId: string): void {
  const map = getDealMap(doc, dealId);
  if (map && map.get(EXTERNAL_ID_KEY) !== externalId) map.set(EXTERNAL_ID_KEY, externalId);
}
