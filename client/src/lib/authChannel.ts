/**
 * Tells this browser's other tabs when someone signs in or out here, so a tab the server
 * signed out (close code 4401) resumes as soon as its user signs in again in any tab.
 */
export type AuthMessage = { type: 'signed-in'; userId: string } | { type: 'signed-out' };

const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel('tranche-auth');

/** Tells the other tabs (never this one). */
export function announceAuth(message: AuthMessage): void {
  channel?.postMessage(message);
}

/** Listens to what the other tabs announce; returns the unsubscribe. */
export function onAuthMessage(listener: (message: AuthMessage) => void): () => void {
  if (!channel) return () => {};
  const handler = (event: MessageEvent<AuthMessage>) => listener(event.data);
  channel.addEventListener('message', handler);
  return () => channel.removeEventListener('message', handler);
}
