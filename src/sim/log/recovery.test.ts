// The disk image alone rebuilds the live log: after appends, rolls, truncations, retention and
// compaction, recoverLog(disk) equals the in-memory LogState (LogLoader / LogSegment.recover).
import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng';
import { appendAsFollower, appendAsLeader } from './append';
import { cleanLog, compactLog } from './compaction';
import { logConfig } from './config';
import type { LogConfig } from './config';
import { partitionsOnDisk } from './disk-layout';
import { truncateFromEnd } from './leader-epoch-cache';
import {
  createLog,
  maybeAssignEpochStartOffset,
  maybeIncrementLogStartOffset,
  nextOffsetOfSegments,
} from './log-state';
import type { LogState } from './log-state';
import { read } from './read';
import { deleteLog, deleteLogFromDisk, recoverLog } from './recovery';
import { deleteOldSegments } from './retention';
import { createFrozenMemoryDisk } from './testing';
import { truncateFullyAndStartAt, truncateTo } from './truncate';

function expectRecovered(log: LogState, disk: Record<string, unknown>): void {
  const recovered = recoverLog(log.topic, log.partition, log.config, disk);
  expect(recovered).toEqual(asLoaded(log));
  // And it is plain data: it survives structuredClone and JSON.
  expect(structuredClone(recovered)).toEqual(asLoaded(log));
  expect(JSON.parse(JSON.stringify(recovered))).toEqual(JSON.parse(JSON.stringify(asLoaded(log))));
}

/**
 * The live log as Kafka's LogLoader would see it after a restart. Two things are derived, not stored:
 * the log end offset is the end of the last batch (after a truncation into a compaction gap the live
 * one is the truncation target, LocalLog.truncateTo, until the next append), and the epoch cache is
 * truncated to it (an epoch with no records yet is forgotten). Everything else must match exactly.
 */
function asLoaded(log: LogState): LogState {
  const loaded = structuredClone(log);
  loaded.logEndOffset = nextOffsetOfSegments(loaded.segments);
  loaded.logStartOffset = Math.min(loaded.logStartOffset, loaded.logEndOffset);
  truncateFromEnd(loaded.leaderEpochCache, loaded.logEndOffset);
  return loaded;
}

describe('recoverLog', () => {
  it('rebuilds segments, indexes, offsets, epochs and producer state after each kind of change', () => {
    const config = logConfig({
      'cleanup.policy': 'compact,delete',
      'segment.bytes': 600,
      'index.interval.bytes': 150,
      'retention.ms': 50_000,
    });
    const { disk, sink } = createFrozenMemoryDisk();
    const log = createLog('accounts', 2, config, sink);
    expectRecovered(log, disk);

    let seq = 0;
    for (let i = 0; i < 40; i++) {
      const records = [0, 1, 2].map((j) => ({
        key: `k${(i + j) % 7}`,
        value: `value-${i}-${j}`,
        timestamp: 1000 * i,
      }));
      appendAsLeader(
        log,
        records,
        1 + Math.floor(i / 10),
        { producerId: 9, producerEpoch: 0, baseSequence: seq },
        1000 * i,
        sink,
      );
      seq += 3;
    }
    expect(log.segments.length).toBeGreaterThan(5);
    expectRecovered(log, disk);

    truncateTo(log, 100, sink);
    expectRecovered(log, disk);

    cleanLog(log, log.logEndOffset, 40_000, sink);
    expectRecovered(log, disk);

    deleteOldSegments(log, log.logEndOffset, 80_000, sink);
    expect(log.logStartOffset).toBeGreaterThan(0);
    expectRecovered(log, disk);

    maybeIncrementLogStartOffset(log, log.logStartOffset + 5, sink);
    deleteOldSegments(log, log.logEndOffset, 80_000, sink);
    expectRecovered(log, disk);

    truncateFullyAndStartAt(log, 500, sink);
    expectRecovered(log, disk);
  });

  it('survives a random mix of operations (seeded)', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const rng = Rng.from(seed, 'log-recovery');
      const config: LogConfig = logConfig({
        'cleanup.policy': rng.pick(['delete', 'compact', 'compact,delete'] as const),
        'segment.bytes': rng.range(300, 2000),
        'segment.ms': rng.range(500, 5000),
        'index.interval.bytes': rng.range(0, 400),
        'retention.ms': rng.range(2000, 20000),
        'retention.bytes': rng.chance(1, 2) ? -1 : rng.range(2000, 6000),
        'delete.retention.ms': rng.range(0, 3000),
        'min.compaction.lag.ms': rng.chance(1, 2) ? 0 : rng.range(0, 2000),
      });
      const { disk, sink } = createFrozenMemoryDisk();
      const log = createLog('mix', seed, config, sink);
      const leaderDisk = createFrozenMemoryDisk();
      const leader = createLog('mix-leader', 0, config, leaderDisk.sink);
      let now = 0;
      let epoch = 0;
      const sequences: number[] = [0, 0, 0];
      const producerEpochs: number[] = [0, 0, 0];
      for (let step = 0; step < 300; step++) {
        now += rng.range(0, 400);
        const action = rng.int(100);
        if (action < 55) {
          const count = rng.range(1, 5);
          const records = [];
          for (let j = 0; j < count; j++) {
            records.push({
              key: `key-${rng.int(12)}`,
              value: rng.chance(1, 8) ? null : `v${step}-${j}`,
              timestamp: now,
            });
          }
          const p = rng.int(4);
          const producer =
            p < 3 ? { producerId: p, producerEpoch: producerEpochs[p]!, baseSequence: sequences[p]! } : null;
          const r = appendAsLeader(log, records, epoch, producer, now, sink);
          if (r.error === null && !r.duplicate && p < 3) sequences[p] = sequences[p]! + count;
          if (r.error !== null && p < 3) {
            producerEpochs[p] = producerEpochs[p]! + 1;
            sequences[p] = 0;
          }
        } else if (action < 60) {
          epoch++;
          maybeAssignEpochStartOffset(log, epoch, log.logEndOffset, sink);
        } else if (action < 67) {
          truncateTo(log, rng.range(log.logStartOffset, log.logEndOffset), sink);
        } else if (action < 77) {
          deleteOldSegments(log, rng.range(log.logStartOffset, log.logEndOffset), now, sink);
        } else if (action < 87) {
          compactLog(log, rng.range(log.logStartOffset, log.logEndOffset), now, sink);
        } else if (action < 90) {
          const hw = rng.range(log.logStartOffset, log.logEndOffset);
          maybeIncrementLogStartOffset(log, hw, sink);
        } else if (action < 92) {
          truncateFullyAndStartAt(log, log.logEndOffset + rng.int(10), sink);
        } else {
          // Replicate some of the leader's batches as a follower would, after a reset to its start.
          appendAsLeader(
            leader,
            [{ key: 'f', value: `${step}`, timestamp: now }],
            epoch,
            null,
            now,
            leaderDisk.sink,
          );
          const fetched = read(leader, leader.logStartOffset, leader.logEndOffset, 1 << 20);
          if (fetched.error === null && log.logEndOffset <= leader.logStartOffset) {
            truncateFullyAndStartAt(log, leader.logStartOffset, sink);
            appendAsFollower(log, fetched.batches, sink);
          }
        }
        expect(log.logEndOffset).toBeGreaterThanOrEqual(log.logStartOffset);
        expectRecovered(log, disk);
      }
    }
  });

  it('drops an epoch that has no records yet, as LogLoader truncates the cache to the log end offset', () => {
    const { disk, sink } = createFrozenMemoryDisk();
    const log = createLog('e', 0, logConfig(), sink);
    appendAsLeader(log, [{ key: null, value: 'a' }], 1, null, 0, sink);
    maybeAssignEpochStartOffset(log, 2, log.logEndOffset, sink);
    const recovered = recoverLog('e', 0, log.config, disk);
    expect(recovered.leaderEpochCache.entries).toEqual([{ epoch: 1, startOffset: 0 }]);
  });

  it('after a truncation into a compaction gap, the live end offset is the target; the loaded one the data end', () => {
    const { disk, sink } = createFrozenMemoryDisk();
    const log = createLog('gap', 0, logConfig({ 'cleanup.policy': 'compact', 'segment.ms': 1 }), sink);
    ['a', 'b', 'b', 'b', 'c'].forEach((key, i) =>
      appendAsLeader(log, [{ key, value: 'v' }], 0, null, 10 * i, sink),
    );
    cleanLog(log, log.logEndOffset, 100, sink); // offsets 1 and 2 are gone
    truncateTo(log, 2, sink);
    expect(log.logEndOffset).toBe(2);
    expect(recoverLog('gap', 0, log.config, disk).logEndOffset).toBe(1);
    appendAsLeader(log, [{ key: 'd', value: 'v' }], 0, null, 100, sink);
    expect(recoverLog('gap', 0, log.config, disk)).toEqual(log);
  });

  it('finds the logs on a disk and deletes one entirely', () => {
    const { disk, sink } = createFrozenMemoryDisk();
    const a = createLog('my-topic', 0, logConfig({ 'segment.bytes': 100 }), sink);
    createLog('my-topic', 1, logConfig(), sink);
    createLog('other', 3, logConfig(), sink);
    for (let i = 0; i < 5; i++) appendAsLeader(a, [{ key: 'k', value: 'x'.repeat(30) }], 0, null, 0, sink);
    expect(partitionsOnDisk(disk)).toEqual([
      { topic: 'my-topic', partition: 0 },
      { topic: 'my-topic', partition: 1 },
      { topic: 'other', partition: 3 },
    ]);
    deleteLog(a, sink);
    expect(Object.keys(disk).some((k) => k.startsWith('log/my-topic-0/'))).toBe(false);
    deleteLogFromDisk(disk, 'other', 3, sink);
    expect(partitionsOnDisk(disk)).toEqual([{ topic: 'my-topic', partition: 1 }]);
  });

  it('an empty disk recovers an empty log at offset 0', () => {
    const log = recoverLog('none', 0, logConfig(), {});
    expect(log).toMatchObject({ logStartOffset: 0, logEndOffset: 0, cleanerCheckpoint: -1 });
    expect(log.segments.map((s) => s.baseOffset)).toEqual([0]);
  });
});
