/** The sync layer's rate and connection limits: token buckets refill over time; caps count and release. */
import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../../../server/src/sync/TokenBucket';
import { ConnectionCaps } from '../../../server/src/sync/ConnectionCaps';

describe('TokenBucket', () => {
  it('allows a burst, refuses beyond it, and refills at the rate', () => {
    let now = 0;
    const bucket = new TokenBucket({ burst: 3, perSecond: 2 }, () => now);
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
    now = 500; // one token back
    expect([bucket.take(), bucket.take()]).toEqual([true, false]);
    now = 60_000; // never more than the burst
    expect([bucket.take(3), bucket.take()]).toEqual([true, false]);
    expect(bucket.take(10)).toBe(false);
  });
});

describe('ConnectionCaps', () => {
  it('caps per user and per address, and a release frees exactly one slot', () => {
    const caps = new ConnectionCaps({ maxConnectionsPerUser: 2, maxConnectionsPerAddress: 3 });
    const a1 = caps.acquire('ada', '10.0.0.1');
    const a2 = caps.acquire('ada', '10.0.0.2');
    expect(a1 && a2).toBeTruthy();
    expect(caps.acquire('ada', '10.0.0.3')).toBeNull();
    expect(caps.acquire('bob', '10.0.0.1')).not.toBeNull();
    expect(caps.acquire('eve', '10.0.0.1')).not.toBeNull();
    expect(caps.acquire('joe', '10.0.0.1')).toBeNull(); // address full
    a1!();
    a1!(); // twice frees once
    expect(caps.acquire('ada', '10.0.0.4')).not.toBeNull();
    expect(caps.acquire('ada', '10.0.0.4')).toBeNull();
    expect(caps.acquire('joe', '10.0.0.1')).not.toBeNull();
  });
});
