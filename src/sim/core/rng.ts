// Seeded randomness for the simulation: xoshiro128** (Blackman & Vigna), seeded through SplitMix32.
// The whole simulation draws from instances of this generator and nothing else (never the ambient random).
// State is plain data (four uint32 in an array) so that it survives structured clone and JSON,
// and a node that moves to a worker, crashes or is restored from a checkpoint draws the same numbers.

export type RngState = [number, number, number, number];

/** SplitMix32 step: used to expand a 32-bit seed into xoshiro's 128-bit state. */
function splitMix32(x: number): [number, number] {
  const next = (x + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  z ^= z >>> 16;
  return [next, z >>> 0];
}

/** FNV-1a over UTF-16 code units: names a child stream. */
function fnv1a(s: string, h = 0x811c9dc5): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * The state for `seed` (any safe integer) and an optional stream name. Each stream name gives an
 * independent sequence, so adding a node (a new stream) never changes the draws of the others.
 */
export function seedRng(seed: number, stream = ''): RngState {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
  const lo = seed >>> 0;
  const hi = Math.floor(seed / 0x100000000) >>> 0;
  let x = fnv1a(stream, lo ^ Math.imul(hi, 0x27d4eb2f)) ^ hi;
  const s: number[] = [];
  for (let i = 0; i < 4; i++) {
    const [next, out] = splitMix32(x);
    x = next;
    s.push(out);
  }
  if ((s[0]! | s[1]! | s[2]! | s[3]!) === 0) s[0] = 1; // xoshiro's one forbidden state
  return s as RngState;
}

const rotl = (x: number, k: number) => (x << k) | (x >>> (32 - k));

/** A view over an RngState that advances it in place. Integer API only: no floats, so every engine agrees. */
export class Rng {
  constructor(public readonly state: RngState) {}

  static from(seed: number, stream = ''): Rng {
    return new Rng(seedRng(seed, stream));
  }

  /** The next uint32. */
  nextU32(): number {
    const s = this.state;
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    s[0] >>>= 0;
    s[1] >>>= 0;
    s[2] >>>= 0;
    s[3] >>>= 0;
    return result;
  }

  /** A uniform integer in [0, bound), bound in [1, 2^32], without modulo bias (Lemire's rejection). */
  int(bound: number): number {
    if (!Number.isInteger(bound) || bound < 1 || bound > 0x100000000) {
      throw new RangeError(`bound must be an integer in [1, 2^32], got ${bound}`);
    }
    if (bound === 1) return 0;
    const threshold = (0x100000000 - bound) % bound;
    for (;;) {
      const r = this.nextU32();
      // r * bound as a 64-bit product: high word is the result, low word decides rejection.
      const rHi = r >>> 16;
      const rLo = r & 0xffff;
      const lo = rLo * bound;
      const mid = rHi * bound + Math.floor(lo / 0x10000);
      const low32 = ((mid % 0x10000) * 0x10000 + (lo % 0x10000)) >>> 0;
      if (low32 >= threshold) return Math.floor(mid / 0x10000);
    }
  }

  /** A uniform integer in [lo, hi], both inclusive. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  /** True with probability num/den (integers, 0 <= num <= den). */
  chance(num: number, den: number): boolean {
    if (num <= 0) return false;
    if (num >= den) return true;
    return this.int(den) < num;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[this.int(items.length)]!;
  }

  /** Fisher-Yates, in place. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = items[i]!;
      items[i] = items[j]!;
      items[j] = tmp;
    }
    return items;
  }
}
