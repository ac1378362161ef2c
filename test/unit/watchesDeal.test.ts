/** The one watching rule the server's notifier and the client's Watch buttons share. */
import { describe, expect, it } from 'vitest';
import { watchesDeal } from '../../shared/src/notifications';

describe('watchesDeal', () => {
  it('a choice for the deal wins; else owning it; else watching the whole board', () => {
    expect(watchesDeal({ deal: undefined, board: undefined, owner: false })).toBe(false);
    expect(watchesDeal({ deal: undefined, board: undefined, owner: true })).toBe(true);
    expect(watchesDeal({ deal: undefined, board: true, owner: false })).toBe(true);
    expect(watchesDeal({ deal: undefined, board: false, owner: false })).toBe(false);
    expect(watchesDeal({ deal: false, board: true, owner: true })).toBe(false); // an unwatch sticks
    expect(watchesDeal({ deal: true, board: false, owner: false })).toBe(true);
  });
});
