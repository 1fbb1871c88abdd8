import { describe, expect, it } from 'vitest';
import { Rng, seedRng } from './rng';
import { hashValue } from './hash';

describe('the seeded rng', () => {
  it('repeats a stream for the same seed and name', () => {
    const a = Rng.from(42, 'node:b1');
    const b = Rng.from(42, 'node:b1');
    const xs = Array.from({ length: 100 }, () => a.nextU32());
    expect(Array.from({ length: 100 }, () => b.nextU32())).toEqual(xs);
  });

  it('gives independent child streams: adding a stream does not change another', () => {
    const alone = Rng.from(9, 'node:b1');
    const first = Array.from({ length: 10 }, () => alone.nextU32());
    const other = Rng.from(9, 'node:b2');
    other.nextU32();
    const again = Rng.from(9, 'node:b1');
    expect(Array.from({ length: 10 }, () => again.nextU32())).toEqual(first);
    expect(seedRng(9, 'node:b1')).not.toEqual(seedRng(9, 'node:b2'));
    expect(seedRng(9, 'x')).not.toEqual(seedRng(10, 'x'));
  });

  it('distinguishes seeds above 2^32', () => {
    expect(seedRng(2 ** 40 + 1)).not.toEqual(seedRng(1));
  });

  it('draws unbiased integers in range', () => {
    const r = Rng.from(1);
    const counts = [0, 0, 0, 0, 0, 0];
    for (let i = 0; i < 60000; i++) counts[r.int(6)]!++;
    for (const c of counts) expect(Math.abs(c - 10000)).toBeLessThan(500);
    for (let i = 0; i < 1000; i++) {
      const v = r.range(-3, 3);
      expect(v).toBeGreaterThanOrEqual(-3);
      expect(v).toBeLessThanOrEqual(3);
    }
    expect(r.int(2 ** 32)).toBeLessThan(2 ** 32);
    expect(() => r.int(0)).toThrow(RangeError);
  });

  it('takes probabilities as integer ratios', () => {
    const r = Rng.from(5);
    let hits = 0;
    for (let i = 0; i < 100000; i++) if (r.chance(1, 4)) hits++;
    expect(Math.abs(hits - 25000)).toBeLessThan(800);
    expect(r.chance(0, 4)).toBe(false);
    expect(r.chance(4, 4)).toBe(true);
  });

  it('keeps its state as plain data that survives JSON', () => {
    const r = Rng.from(3);
    r.nextU32();
    const copy = new Rng(JSON.parse(JSON.stringify(r.state)));
    expect(copy.nextU32()).toBe(r.nextU32());
  });
});

describe('the trace hash', () => {
  it('is structural and sensitive to order and type', () => {
    expect(hashValue({ a: 1, b: 'x' })).toBe(hashValue({ a: 1, b: 'x' }));
    expect(hashValue({ a: 1, b: 'x' })).not.toBe(hashValue({ b: 'x', a: 1 }));
    expect(hashValue([1, 2])).not.toBe(hashValue([2, 1]));
    expect(hashValue('1')).not.toBe(hashValue(1));
    expect(hashValue(null)).not.toBe(hashValue(undefined));
    expect(hashValue(0.5)).not.toBe(hashValue(0.25));
    expect(hashValue(2 ** 40)).not.toBe(hashValue(2 ** 41));
    expect(hashValue({})).toMatch(/^[0-9a-f]{16}$/);
  });
});
