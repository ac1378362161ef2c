/**
 * Which Yjs client ids an update writes NEW structs for (structs the document lacks).
 * Each id belongs to the user who first wrote with it (see BoardRoom.checkWriters);
 * structs the document already has are relayed, not written, and count for nobody.
 */
import * as Y from 'yjs';
import type { DecodedStruct } from './protocol';

export function newStructClients(doc: Y.Doc, structs: readonly DecodedStruct[]): Set<number> {
  const clients = new Set<number>();
  for (const struct of structs) {
    if (struct instanceof Y.Skip || clients.has(struct.id.client)) continue;
    if (struct.id.clock + struct.length > Y.getState(doc.store, struct.id.client)) clients.add(struct.id.client);
  }
  return clients;
}
