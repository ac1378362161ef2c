/**
 * Positive signals for "this did not happen" assertions, instead of sleeping and hoping.
 * The server handles the frames of one socket in order and broadcasts commits in commit order
 * on every socket; so when a later frame's effect has arrived, whatever an earlier frame was
 * going to cause has arrived too.
 *
 * @example
 * createDeal(viewer.doc, …);                 // must be dropped
 * await framesHandled(viewer, owner);        // the server has handled the viewer's frames
 * await markerSeen(marker, [owner], dealId); // and everything committed so far reached Ada
 * expect(titles(owner.doc)).not.toContain(…);
 */
import { updateDeal } from '../../shared/src/board';
import { readDealById } from '../../shared/src/board/readers';
import { SYSTEM_ORIGIN } from '../../shared/src/board/origin';
import { waitFor, type DocClient } from './clients';

let counter = 0;

/**
 * Resolves once the server has handled every frame `sender` sent so far: an awareness change
 * `sender` makes now (a later frame on the same socket) has reached `observer`.
 */
export async function framesHandled(sender: DocClient, observer: DocClient): Promise<void> {
  const token = `barrier-${++counter}`;
  sender.provider.awareness.setLocalStateField('barrier', token);
  await waitFor(() => observer.provider.awareness.getStates().get(sender.doc.clientID)?.barrier === token, `the barrier from client ${sender.doc.clientID}`);
}

/**
 * Writes a marker (a new amount on deal `dealId`) at `writer`, an editor's client, and resolves
 * once every observer has it: anything committed before the marker has reached them as well.
 * Returns the marker amount.
 */
export async function markerSeen(writer: DocClient, observers: DocClient[], dealId: string): Promise<number> {
  const amount = 1_000 + ++counter;
  const result = updateDeal(writer.doc, { dealId, patch: { amount } }, SYSTEM_ORIGIN);
  if (!result.ok) throw new Error(`could not write the marker: ${result.error.message}`);
  const has = (client: DocClient) => {
    const deal = readDealById(client.doc, dealId);
    return deal !== null && !deal.invalid && deal.amount === amount;
  };
  await waitFor(() => observers.every(has), `the marker ${amount} on deal ${dealId}`);
  return amount;
}
