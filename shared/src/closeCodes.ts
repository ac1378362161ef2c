/**
 * WebSocket close codes the Yjs endpoint uses. The 4400-4499 range mirrors HTTP 4xx and
 * tells the y-websocket client (v3) not to reconnect: reconnecting cannot fix these.
 */
export const CloseCodes = {
  /** A frame that failed to decode as a y-protocols message. */
  BadMessage: 4400,
  /** The session this connection was opened with was signed out. */
  SignedOut: 4401,
  /** The user's access to the board was removed while connected. */
  AccessRemoved: 4403,
  /** The board was deleted while connected. */
  BoardDeleted: 4404,
  /** An update above the size limit, or one that would grow the board past its limit. */
  TooLarge: 4413,
  /** Too many requests or writes per second (sync requests, write budget). */
  TooManyRequests: 4429,
  /** The server is shutting down; reconnecting later is fine. */
  ServerShutdown: 4503,
  /** ws's own code for a frame above maxPayload. */
  FrameTooLarge: 1009,
} as const;

export type CloseCode = (typeof CloseCodes)[keyof typeof CloseCodes];
