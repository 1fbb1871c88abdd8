// The checker names lost and duplicated records and their causes; it stays silent when Kafka's
// guarantees hold.
import { describe, expect, it } from 'vitest';
import { loadScenario, run, stateAt, withActions, withTopicConfig } from '../scenarios/harness.test-util';

describe('the guarantee checker', () => {
  it('finds nothing wrong when acks=all, RF 3, min.insync.replicas=2 survive a leader failover', () => {
    const base = loadScenario('failover-acks-all.json');
    const leader = stateAt(base, 3000, 'orders').leader!;
    const { result } = run(
      withActions(
        base,
        { at: 3000, type: 'killBroker', broker: leader },
        { at: 20000, type: 'restartBroker', broker: leader },
      ),
    );
    expect(result.violations).toEqual([]);
  });

  it('names the records an unclean election lost, as allowed by unclean.leader.election.enable', () => {
    const base = withTopicConfig(loadScenario('unclean-election.json'), 'events', {
      'unclean.leader.election.enable': true,
    });
    const leader = stateAt(base, 3000, 'events').leader!;
    const follower = [1, 2].find((x) => x !== leader)!;
    const { result } = run(
      withActions(
        base,
        { at: 5000, type: 'killBroker', broker: follower },
        { at: 20000, type: 'killBroker', broker: leader },
        { at: 25000, type: 'restartBroker', broker: follower },
        { at: 40000, type: 'restartBroker', broker: leader },
      ),
    );
    const lost = result.violations.filter((v) => v.kind === 'lost-write');
    expect(lost.map((v) => v.offset)).toEqual([5, 6, 7, 8, 9]);
    expect(lost[0]!.allowedBy).toBe('unclean.leader.election.enable=true');
    expect(lost[0]!.cause).toBe(
      `unclean leader election made broker ${follower} leader (epoch 2) while it missed offsets 5-9, acknowledged to p1 with acks=1`,
    );
  });

  it('names the records a cut-off leader acknowledged with acks=1 and then truncated', () => {
    const base = loadScenario('divergent-leader.json');
    const leader = stateAt(base, 3000, 't').leader!;
    const rest = [1, 2, 3].filter((x) => x !== leader);
    const { result } = run(
      withActions(
        base,
        {
          at: 5000,
          type: 'partitionNetwork',
          groups: [
            [leader, 'p1'],
            [...rest, 'zk'],
          ],
        },
        {
          at: 6000,
          type: 'produce',
          client: 'p1',
          topic: 't',
          key: 'x{i}',
          value: 'divergent {i}',
          count: 3,
          intervalMs: 10,
        },
        { at: 25000, type: 'healNetwork' },
      ),
    );
    const lost = result.violations.filter((v) => v.kind === 'lost-write');
    expect(lost.map((v) => v.offset)).toEqual([5, 6, 7]);
    expect(lost.every((v) => v.allowedBy === 'acks=1')).toBe(true);
    expect(lost[0]!.cause).toMatch(
      new RegExp(
        `^broker \\d became leader \\(epoch 1, .*\\) without offsets 5-7, which leader ${leader} \\(alive, but cut off\\) had acknowledged to p1 with acks=1`,
      ),
    );
  });

  it('names the records a group skipped (at-most-once) or processed twice (at-least-once)', () => {
    const { result } = run(loadScenario('processing-modes.json'));
    const skipped = result.violations.filter((v) => v.kind === 'skipped');
    const twice = result.violations.filter((v) => v.kind === 'duplicate-delivery');
    expect(skipped.length).toBeGreaterThan(0);
    expect(skipped.every((v) => v.allowedBy === 'at-most-once')).toBe(true);
    expect(twice.length).toBeGreaterThan(0);
    expect(twice.every((v) => v.allowedBy === 'at-least-once')).toBe(true);
    expect(skipped[0]!.cause).toContain('group g-amo never processed offset');
  });
});
