/**
 * `board:saved` reaches sockets on other processes through the Socket.IO adapter, which drops
 * what it cannot publish while this process is cut off from Redis (no offline queue, so this
 * process's own sockets are not held up). A board committed meanwhile is announced again,
 * cluster-wide, with its committed head once the adapter's connection is back: sockets on
 * other processes learn that it is on disk without waiting for the board's next commit.
 * (The adapter's readers resume their streams, so one that reconnects later still reads it.)
 */
import type { Store } from '../store/Store';
import type { RoomPublisher } from '../sync/BoardRoom';
import { log } from '../log';
import type { ClusterBus } from './ClusterBus';

/** `publisher`, whose board:saved sent while the adapter was down is sent again once it is up. */
export function reannouncingSaved(publisher: RoomPublisher, bus: ClusterBus, store: Store): RoomPublisher {
  const unannounced = new Set<string>();
  const wrapped: RoomPublisher = {
    saved(boardId, stateVector) {
      if (!bus.adapterUp) unannounced.add(boardId);
      publisher.saved(boardId, stateVector);
    },
    activity: (boardId, events) => publisher.activity(boardId, events),
    savedHere: (boardId, stateVector) => publisher.savedHere?.(boardId, stateVector),
  };
  bus.onAdapterReady(() => {
    if (unannounced.size === 0) return;
    const boardIds = [...unannounced];
    unannounced.clear();
    store.readHeads(boardIds).then(
      (heads) => {
        for (const [boardId, head] of heads) wrapped.saved(boardId, head.stateVector);
      },
      (error: Error) => {
        for (const boardId of boardIds) unannounced.add(boardId); // the next reconnect tries again
        log.warn('cluster', 'could not read the heads to announce board:saved again', { boards: boardIds.length, error: error.message });
      },
    );
  });
  return wrapped;
}
