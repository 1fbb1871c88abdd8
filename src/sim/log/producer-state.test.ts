// Idempotent-producer checks through appendAsLeader; cases after ProducerStateManagerTest and
// kafka-semantics.md section 5.
import { describe, expect, it } from 'vitest';
import { appendAsLeader } from './append';
import { logConfig } from './config';
import { createLog } from './log-state';
import type { LogState } from './log-state';
import { INT32_MAX } from './records';
import type { DiskSink } from './disk-layout';
import { createFrozenMemoryDisk, values } from './testing';
import { truncateTo } from './truncate';

function setup() {
  const { sink, disk } = createFrozenMemoryDisk();
  const log = createLog('payments', 0, logConfig(), sink);
  return { log, sink, disk };
}

function send(
  log: LogState,
  sink: DiskSink,
  producerEpoch: number,
  baseSequence: number,
  count = 2,
  producerId = 1000,
) {
  return appendAsLeader(log, values(count), 0, { producerId, producerEpoch, baseSequence }, 0, sink);
}

describe('sequence numbers', () => {
  it('accepts consecutive sequences and remembers the last 5 batches', () => {
    const { log, sink } = setup();
    for (let i = 0; i < 7; i++)
      expect(send(log, sink, 0, 2 * i)).toMatchObject({ error: null, duplicate: false });
    const entry = log.producerState.producers[1000]!;
    expect(entry.producerEpoch).toBe(0);
    expect(entry.batchMetadata.map((m) => m.lastSeq)).toEqual([5, 7, 9, 11, 13]);
    expect(entry.batchMetadata.map((m) => m.lastOffset)).toEqual([5, 7, 9, 11, 13]);
  });

  it('answers a retry of a recent batch with its original offsets and does not append it', () => {
    const { log, sink } = setup();
    send(log, sink, 0, 0);
    send(log, sink, 0, 2);
    send(log, sink, 0, 4);
    expect(send(log, sink, 0, 2)).toEqual({ error: null, duplicate: true, baseOffset: 2, lastOffset: 3 });
    expect(log.logEndOffset).toBe(6);
  });

  it('a batch older than the last 5 is no longer recognised: OUT_OF_ORDER_SEQUENCE_NUMBER', () => {
    const { log, sink } = setup();
    for (let i = 0; i < 6; i++) send(log, sink, 0, 2 * i);
    expect(send(log, sink, 0, 0)).toMatchObject({ error: 'OUT_OF_ORDER_SEQUENCE_NUMBER' });
  });

  it('a gap in the sequence is OUT_OF_ORDER_SEQUENCE_NUMBER and nothing is written', () => {
    const { log, sink } = setup();
    send(log, sink, 0, 0);
    expect(send(log, sink, 0, 3)).toMatchObject({ error: 'OUT_OF_ORDER_SEQUENCE_NUMBER' });
    expect(log.logEndOffset).toBe(2);
  });

  it('a new producer may start at any sequence (its earlier batches may have been deleted)', () => {
    const { log, sink } = setup();
    expect(send(log, sink, 0, 17)).toMatchObject({ error: null, duplicate: false });
    expect(send(log, sink, 0, 19)).toMatchObject({ error: null, duplicate: false });
  });

  it('wraps from Integer.MAX_VALUE to 0', () => {
    const { log, sink } = setup();
    expect(send(log, sink, 0, INT32_MAX - 1, 2)).toMatchObject({ error: null });
    expect(log.producerState.producers[1000]!.batchMetadata[0]!.lastSeq).toBe(INT32_MAX);
    expect(send(log, sink, 0, 0, 1)).toMatchObject({ error: null, duplicate: false });
    expect(send(log, sink, 0, INT32_MAX - 1, 2)).toMatchObject({ duplicate: true, baseOffset: 0 });
  });
});

describe('producer epochs', () => {
  it('a bumped epoch must start at sequence 0, and forgets the old batches', () => {
    const { log, sink } = setup();
    send(log, sink, 0, 0);
    expect(send(log, sink, 1, 5)).toMatchObject({ error: 'OUT_OF_ORDER_SEQUENCE_NUMBER' });
    expect(send(log, sink, 1, 0)).toMatchObject({ error: null, duplicate: false });
    expect(log.producerState.producers[1000]!.batchMetadata).toHaveLength(1);
  });

  it('an older epoch is fenced with INVALID_PRODUCER_EPOCH', () => {
    const { log, sink } = setup();
    send(log, sink, 3, 0);
    expect(send(log, sink, 2, 2)).toMatchObject({ error: 'INVALID_PRODUCER_EPOCH' });
  });

  it('producers are tracked independently', () => {
    const { log, sink } = setup();
    send(log, sink, 0, 0, 2, 1);
    send(log, sink, 0, 0, 2, 2);
    expect(send(log, sink, 0, 2, 2, 1)).toMatchObject({ error: null, duplicate: false });
    expect(send(log, sink, 0, 0, 2, 2)).toMatchObject({ duplicate: true, baseOffset: 2 });
  });
});

describe('producer state after truncation', () => {
  it('is rebuilt from the remaining batches, so a truncated batch can be written again', () => {
    const { log, sink } = setup();
    send(log, sink, 0, 0);
    send(log, sink, 0, 2);
    send(log, sink, 0, 4);
    truncateTo(log, 4, sink);
    expect(log.producerState.producers[1000]!.batchMetadata.map((m) => m.lastSeq)).toEqual([1, 3]);
    expect(send(log, sink, 0, 4)).toMatchObject({ error: null, duplicate: false, baseOffset: 4 });
  });
});
