// A deliberately broken high-watermark rule must be caught: the checker is not a check that cannot fail.
// Here the leader moves its HW to its own log end at once, ignoring its followers, so acks=all
// acknowledges records no follower has; killing the leader then loses them.
import { describe, expect, it, vi } from 'vitest';

vi.mock('../broker/partition', async (importOriginal) => {
  const real = await importOriginal<typeof import('../broker/partition')>();
  return {
    ...real,
    maybeIncrementLeaderHW: (p: { highWatermark: number; log: { logEndOffset: number } }) => {
      if (p.log.logEndOffset <= p.highWatermark) return false;
      p.highWatermark = p.log.logEndOffset; // the bug: no follower is consulted
      return true;
    },
  };
});

const { loadScenario, run, stateAt, withActions } = await import('../scenarios/harness.test-util');

describe('a broken high-watermark rule', () => {
  it('is caught as lost writes acknowledged with acks=all, allowed by no setting', () => {
    const base = loadScenario('failover-acks-all.json');
    const leader = stateAt(base, 3000, 'orders').leader!;
    // Cut the leader off from its followers while the producer still reaches it, then kill it.
    const followers = [1, 2, 3].filter((x) => x !== leader);
    const { result } = run(
      withActions(
        base,
        { at: 3000, type: 'cutLink', from: leader, to: followers[0]! },
        { at: 3000, type: 'cutLink', from: leader, to: followers[1]! },
        { at: 3500, type: 'killBroker', broker: leader },
      ),
      20000,
    );
    const lost = result.violations.filter((v) => v.kind === 'lost-write');
    expect(lost.length).toBeGreaterThan(0);
    expect(lost.every((v) => v.allowedBy === undefined)).toBe(true);
  });
});
