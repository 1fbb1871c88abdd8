import { describe, expect, it } from 'vitest';
import { deepFreeze } from './clone';
import { TraceHasher, hashValue, traceDigest } from './hash';

describe('TraceHasher', () => {
  const long = 'a long value, longer than sixteen characters: ' + 'x'.repeat(60);
  const values: unknown[] = [
    {
      type: 'Produce',
      partitions: [
        {
          topic: 'load',
          partition: 1,
          records: [
            { key: 'k1', value: long, timestamp: 2000 },
            { key: null, value: long, timestamp: 2001 },
          ],
        },
      ],
    },
    [
      'é€\u{1F600}',
      '\uD800',
      '',
      'sixteen chars!!!',
      'fifteen chars!!',
      2 ** 40,
      -3,
      0.5,
      null,
      undefined,
      true,
    ],
    new Uint8Array([1, 2, 3]),
  ];

  it('gives the digest the trace hash has always given (strings seen again included)', () => {
    // Pinned: a change here changes every scenario's trace hash (and the pinned hashes of the tours).
    const h = new TraceHasher();
    for (let i = 0; i < 3; i++) {
      for (const v of values) {
        h.value(v);
        h.str(long);
        h.int(i);
      }
    }
    expect(h.digest()).toBe('19e6c87a96d5faf5');
  });

  it('hashes equal strings alike, whether or not they are the same string object', () => {
    const a = 'y'.repeat(40) + 'z';
    const b = JSON.parse(JSON.stringify(a)) as string;
    expect(hashValue({ v: a, w: a })).toBe(hashValue({ v: b, w: a }));
  });

  it('hashes a stored batch alike whether it is frozen, seen again, or a structured copy of it', () => {
    const batch = () => ({
      baseOffset: 10,
      lastOffset: 11,
      records: [
        { offset: 10, timestamp: 5, key: 'k', value: long },
        { offset: 11, timestamp: 6, key: null, value: long },
      ],
    });
    const response = (b: unknown) => ({ type: 'FetchResponse', partitions: [{ batches: [b, b] }] });
    const plain = hashValue(response(batch()));
    const frozen = deepFreeze(batch());
    expect(hashValue(response(frozen))).toBe(plain);
    expect(hashValue(response(frozen))).toBe(plain); // its digest is kept now
    expect(hashValue(response(structuredClone(frozen)))).toBe(plain);
  });

  it('tells apart values that differ anywhere, nested or not', () => {
    const base = { a: [1, { b: long, c: 'short' }], d: null };
    const variants = [
      { a: [1, { b: long + '!', c: 'short' }], d: null },
      { a: [1, { b: long, c: 'shorT' }], d: null },
      { a: [1, { c: 'short', b: long }], d: null },
      { a: [{ b: long, c: 'short' }, 1], d: null },
      { a: [1, { b: long, c: 'short' }], d: undefined },
      { a: [1, [long, 'short']], d: null },
      { a: [1, { b: long, c: 'short' }, []], d: null },
    ];
    const hashes = new Set([hashValue(base), ...variants.map(hashValue)]);
    expect(hashes.size).toBe(variants.length + 1);
  });

  it('adds a digest computed apart (as a worker does) exactly as it adds the value itself', () => {
    const stored = deepFreeze({ lastOffset: 3, records: [{ offset: 3, key: 'k', value: long }] });
    for (const v of [...values.filter((x) => typeof x === 'object'), { batches: [stored, stored] }]) {
      const direct = new TraceHasher();
      direct.int(9);
      direct.value(v);
      const apart = new TraceHasher();
      apart.int(9);
      apart.addDigest(traceDigest(structuredClone(v) as object));
      expect(apart.digest()).toBe(direct.digest());
    }
  });
});
