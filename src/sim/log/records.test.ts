import { describe, expect, it } from 'vitest';
import {
  INT32_MAX,
  RECORD_BATCH_OVERHEAD_BYTES,
  batchSizeBytes,
  decrementSequence,
  incrementSequence,
  recordSizeBytes,
  sliceBatch,
  utf8Length,
  varintSize,
} from './records';
import type { LogRecord, RecordBatch } from './records';

describe('utf8Length', () => {
  it('counts UTF-8 bytes as TextEncoder does', () => {
    for (const s of ['', 'abc', 'é', '€', '😀', 'a\u0800b', 'x\ud800y', '\udc00', 'naïve café 😀']) {
      expect(utf8Length(s), s).toBe(new TextEncoder().encode(s).length);
    }
  });
});

describe('varintSize (zig-zag, ByteUtils.sizeOfVarint)', () => {
  it('grows by one byte every 7 bits of the zig-zag value', () => {
    expect(varintSize(0)).toBe(1);
    expect(varintSize(-1)).toBe(1);
    expect(varintSize(63)).toBe(1);
    expect(varintSize(64)).toBe(2);
    expect(varintSize(-64)).toBe(1);
    expect(varintSize(-65)).toBe(2);
    expect(varintSize(8191)).toBe(2);
    expect(varintSize(8192)).toBe(3);
    expect(varintSize(1_700_000_000_000)).toBe(6);
  });
});

describe('record and batch sizes (v2 format)', () => {
  it('a record with a 1-byte key and value is 9 bytes, the batch 70', () => {
    // length(1) + attributes(1) + timestampDelta(1) + offsetDelta(1) + key(1+1) + value(1+1) + headers(1)
    expect(recordSizeBytes(0, 0, 'k', 'v', undefined)).toBe(9);
    const r: LogRecord = { offset: 0, timestamp: 5, key: 'k', value: 'v' };
    expect(batchSizeBytes(0, [r])).toBe(RECORD_BATCH_OVERHEAD_BYTES + 9);
  });

  it('a null key or value costs one byte (varint -1); headers add their names and values', () => {
    expect(recordSizeBytes(0, 0, null, null, undefined)).toBe(1 + 1 + 1 + 1 + 1 + 1 + 1);
    expect(recordSizeBytes(0, 0, null, null, { h: 'xy' })).toBe(7 + 1 + 1 + 1 + 2);
  });

  it('an empty batch is just the 61-byte header', () => {
    expect(batchSizeBytes(10, [])).toBe(61);
  });
});

describe('sequence arithmetic (DefaultRecordBatch)', () => {
  it('wraps from Integer.MAX_VALUE to 0 and back', () => {
    expect(incrementSequence(5, 3)).toBe(8);
    expect(incrementSequence(INT32_MAX, 1)).toBe(0);
    expect(incrementSequence(INT32_MAX - 1, 3)).toBe(1);
    expect(decrementSequence(1, 3)).toBe(INT32_MAX - 1);
    expect(decrementSequence(10, 3)).toBe(7);
  });
});

describe('sliceBatch', () => {
  it('builds a new batch for an offset sub-range, shifting the base sequence', () => {
    const records: LogRecord[] = [0, 1, 2, 3].map((i) => ({
      offset: 10 + i,
      timestamp: 100 + i,
      key: null,
      value: 'v',
    }));
    const batch: RecordBatch = {
      baseOffset: 10,
      lastOffset: 13,
      leaderEpoch: 2,
      producerId: 7,
      producerEpoch: 0,
      baseSequence: 20,
      maxTimestamp: 103,
      sizeBytes: batchSizeBytes(10, records),
      records,
    };
    const head = sliceBatch(batch, 10, 12);
    expect(head).toMatchObject({ baseOffset: 10, lastOffset: 11, baseSequence: 20, maxTimestamp: 101 });
    expect(head.records.map((r) => r.offset)).toEqual([10, 11]);
    const tail = sliceBatch(batch, 12, 14);
    expect(tail).toMatchObject({ baseOffset: 12, lastOffset: 13, baseSequence: 22 });
    expect(batch.records).toHaveLength(4);
  });
});
