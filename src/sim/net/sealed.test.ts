import { describe, expect, it } from 'vitest';
import { deepFreeze } from '../core/clone';
import { TraceHasher } from '../core/hash';
import { isSealed, openMessage, sealMessage } from './sealed';

const batch = deepFreeze({
  baseOffset: 0,
  lastOffset: 1,
  records: [
    { offset: 0, timestamp: 3, key: 'k', value: 'a value longer than sixteen characters' },
    { offset: 1, timestamp: 4, key: null, value: null },
  ],
});
const fetchResponse = {
  type: 'FetchResponse',
  correlationId: 7,
  partitions: [{ topic: 'orders', partition: 0, highWatermark: 2, batches: [batch] }],
};

const hashOf = (add: (h: TraceHasher) => void): string => {
  const h = new TraceHasher();
  h.int(1);
  add(h);
  h.str('after');
  return h.digest();
};

describe('sealed messages', () => {
  it('open to the same message, and add to the trace what the message itself adds', () => {
    const sealed = sealMessage(fetchResponse, true)!;
    expect(isSealed(sealed)).toBe(true);
    expect(sealed.type).toBe('FetchResponse');
    expect(openMessage(structuredClone(sealed))).toEqual(fetchResponse);
    const direct = hashOf((h) => h.value(fetchResponse));
    expect(hashOf((h) => h.addDigest(sealed.digest))).toBe(direct);
    expect(hashOf((h) => h.addDigest(sealMessage(structuredClone(fetchResponse))!.digest))).toBe(direct);
  });

  it('are not made for messages JSON would not carry exactly, nor for values that are not objects', () => {
    const withUndefined = { type: 'Fetch', isolationLevel: undefined };
    const withNaN = { type: 'Fetch', maxWaitMs: NaN };
    const inBatch = {
      type: 'Produce',
      batches: [deepFreeze({ lastOffset: 0, records: [{ value: undefined }] })],
    };
    for (const msg of [withUndefined, withNaN, inBatch, inBatch, 'text', 42, null])
      expect(sealMessage(msg)).toBeNull();
    expect(openMessage('text')).toBe('text');
    expect(openMessage(withNaN)).toBe(withNaN);
  });

  it('name the field that is not plain data when asked to verify', () => {
    expect(() => sealMessage({ type: 'X', when: new Map([[1, 2]]) }, true)).toThrow(
      /field \.when is not plain/,
    );
    expect(() => sealMessage({ type: 'X', parts: [{ zero: -0 }] }, true)).toThrow(/\.parts\.0\.zero/);
  });
});
