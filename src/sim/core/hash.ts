// The trace hash: an incremental 64-bit hash (two 32-bit lanes of murmur3-style mixing) over the
// journal. It walks values structurally (no JSON.stringify on the hot path), with object keys in
// insertion order: nodes build their messages deterministically, so the order is part of the trace.
//
// Composites hash Merkle-style: an object, an array or a long string contributes the digest of its own
// content (both lanes, computed from fixed seeds), not its content inline. So what a composite adds to the
// trace depends on that value alone, and a value that cannot change is digested once however often the
// trace carries it: a stored record batch is frozen when appended (src/sim/core/clone.ts) and travels in
// every replica fetch and every consumer fetch that returns it; a record's value travels in the produce
// request, the fetch answers and the events that report it. The digests kept are derived values, never
// state: a copy of a value (structured clone, a worker's reply) hashes exactly as the value does.

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

function mix(h: number, k: number): number {
  k = Math.imul(k, C1);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, C2);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  // h * 5 + c, mod 2^32: exact in doubles, and cheaper than a multiplication.
  return ((h << 2) + h + 0xe6546b64) | 0;
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const TAG_NULL = 1;
const TAG_UNDEF = 2;
const TAG_FALSE = 3;
const TAG_TRUE = 4;
const TAG_INT = 5;
const TAG_NUM = 6;
const TAG_STR = 7;
const TAG_ARR = 8;
const TAG_OBJ = 9;
const TAG_BYTES = 10;

/** Where each lane of a composite's own digest starts. */
const SEED_A = 0x3c6ef372;
const SEED_B = 0x510e527f;

const f64 = new Float64Array(1);
const f64Words = new Uint32Array(f64.buffer);

/** The key half of `mix` (what it does to k before folding it into h): it does not depend on h. */
function premix(k: number): number {
  k = Math.imul(k, C1);
  k = (k << 15) | (k >>> 17);
  return Math.imul(k, C2);
}

/** `mix` for a k already premixed. */
function fold(h: number, pk: number): number {
  h ^= pk;
  h = (h << 13) | (h >>> 19);
  return ((h << 2) + h + 0xe6546b64) | 0;
}

// The running state of the hasher being fed: module-level, so that the walk below keeps it in two
// variables rather than in object fields. Each method loads it from its hasher and stores it back.
let A = 0;
let B = 0;

const PK_0 = premix(0);
const PK_TAG_INT = premix(TAG_INT);
const PK_TAG_STR = premix(TAG_STR);
const PK_TAG_OBJ = premix(TAG_OBJ);
const PK_TAG_ARR = premix(TAG_ARR);

/** Strings this long or longer are digested (and their digests kept); shorter ones are mixed inline. */
const LONG_STRING = 16;
/** premix(n) for the lengths of short strings. */
const PK_LEN: Int32Array = Int32Array.from({ length: LONG_STRING }, (_, n) => premix(n));

/** What lane B mixes a string's units with (lane A mixes them as they are). */
const SALT_B = 0x5bd1e995;

/** Mixes a string's UTF-16 units into the lanes, two units per step: strings are most of the trace. */
function mixChars(s: string, n: number): void {
  let a = A;
  let b = B;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const k = s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16);
    a = mix(a, k);
    b = mix(b, k ^ SALT_B);
  }
  if (i < n) {
    a = mix(a, s.charCodeAt(i));
    b = mix(b, s.charCodeAt(i) ^ SALT_B);
  }
  A = a;
  B = b;
}

function hashShortStr(s: string, n: number): void {
  // int(TAG_STR), int(length): the high words of both are 0.
  A = fold(fold(A, PK_TAG_STR), PK_LEN[n]!);
  B = fold(fold(B, PK_0), PK_0);
  mixChars(s, n);
}

// Long strings keep their digests, premixed (the lanes' words ready to fold). A cache of derived values:
// it never changes a hash, and it is simply emptied when full. Short strings are cheaper to mix than to
// look up in a Map; field names have their own small table below.
const DIGEST_CACHE_MAX = 4096;
const stringDigests = new Map<string, Int32Array>();

function stringDigest(s: string, n: number): Int32Array {
  const a0 = A;
  const b0 = B;
  A = fold(fold(SEED_A, PK_TAG_STR), premix(n));
  B = fold(fold(SEED_B, PK_0), PK_0);
  mixChars(s, n);
  const words = Int32Array.of(premix(A), premix(B));
  A = a0;
  B = b0;
  return words;
}

/** A long string's premixed digest words, kept or computed. */
function longStringWords(s: string, n: number): Int32Array {
  let words = stringDigests.get(s);
  if (words === undefined) {
    if (stringDigests.size >= DIGEST_CACHE_MAX) stringDigests.clear();
    stringDigests.set(s, (words = stringDigest(s, n)));
  }
  return words;
}

function hashStr(s: string): void {
  const n = s.length;
  if (n < LONG_STRING) {
    hashShortStr(s, n);
    return;
  }
  const words = longStringWords(s, n);
  A = fold(A, words[0]!);
  B = fold(B, words[1]!);
}

// Field names are few and hashed over and over, so each contributes its digest, as a long string does,
// kept in a small direct-mapped table found by the name's length and a few of its units (keySlot): the
// name in keyOf[slot], its premixed words in keyA[slot] and keyB[slot] (see objectDigest).
const KEY_SLOT_BITS = 10;
const KEY_SLOTS = 1 << KEY_SLOT_BITS;
const keyOf: string[] = new Array<string>(KEY_SLOTS).fill('');
const keyA = new Int32Array(KEY_SLOTS).fill(stringDigest('', 0)[0]!);
const keyB = new Int32Array(KEY_SLOTS).fill(stringDigest('', 0)[1]!);

/**
 * A field name's slot. Names that share a length and their ends are common (minBytes, maxBytes): the
 * second and middle units go in too, so that the names of one message do not evict each other.
 */
function keySlot(k: string, n: number): number {
  const mixed = (n << 24) ^ (k.charCodeAt(0) << 16) ^ (k.charCodeAt(n >> 1) << 8) ^ k.charCodeAt(n - 1);
  return Math.imul(mixed ^ (k.charCodeAt(1 % n) << 4), 0x9e3779b1) >>> (32 - KEY_SLOT_BITS);
}

/** Puts a field name and its digest in its slot. */
function setKey(slot: number, k: string, n: number): void {
  const words = stringDigest(k, n);
  keyOf[slot] = k;
  keyA[slot] = words[0]!;
  keyB[slot] = words[1]!;
}

function hashInt(n: number): void {
  A = mix(A, n | 0);
  B = mix(B, (n / 0x100000000) | 0);
}

function walk(v: unknown): void {
  switch (typeof v) {
    case 'number':
      if ((v | 0) === v) {
        // int(TAG_INT), int(v): for an int32 the high word is 0.
        A = mix(fold(A, PK_TAG_INT), v);
        B = fold(fold(B, PK_0), PK_0);
      } else if (Number.isSafeInteger(v)) {
        A = fold(A, PK_TAG_INT);
        B = fold(B, PK_0);
        hashInt(v);
      } else {
        f64[0] = v;
        hashInt(TAG_NUM);
        hashInt(f64Words[0]!);
        hashInt(f64Words[1]!);
      }
      return;
    case 'string':
      hashStr(v);
      return;
    case 'boolean':
      hashInt(v ? TAG_TRUE : TAG_FALSE);
      return;
    case 'undefined':
      hashInt(TAG_UNDEF);
      return;
    case 'object':
      if (v === null) hashInt(TAG_NULL);
      else hashComposite(v);
      return;
    default:
      throw new TypeError(`cannot hash a ${typeof v} in the trace`);
  }
}

// Digests of stored record batches: frozen all the way down when appended (deepFreeze is the one way data
// becomes non-extensible, see clone.ts), so a batch's digest can never go stale, and a batch recurs in
// every fetch that returns it. Other frozen values (scheduled commands) are hashed once: keeping theirs
// would only cost. A WeakMap: a digest lives as long as its batch.
const frozenDigests = new WeakMap<object, readonly [number, number]>();
/** True while digesting a batch: its parts are not kept on their own. */
let insideFrozen = false;

// compositeDigest's answer: the digest's two words, premixed (module-level, like A and B, so that
// digesting a composite allocates nothing).
let DA = 0;
let DB = 0;

/** Sets DA and DB to the words a composite adds to the trace (a stored batch's kept ones if it has them). */
function compositeWords(v: object): void {
  // The field test first: it rules out most composites, and is cheaper than Object.isExtensible (a call).
  if (!insideFrozen && 'lastOffset' in v && !Object.isExtensible(v)) {
    const kept = frozenDigests.get(v);
    if (kept !== undefined) {
      DA = kept[0];
      DB = kept[1];
    } else {
      insideFrozen = true;
      try {
        compositeDigest(v);
      } finally {
        insideFrozen = false;
      }
      frozenDigests.set(v, [DA, DB]);
    }
  } else {
    compositeDigest(v);
  }
}

function hashComposite(v: object): void {
  compositeWords(v);
  A = fold(A, DA);
  B = fold(B, DB);
}

/**
 * What an object or array adds to the trace hash, computed apart from any hasher: a node living in a
 * worker digests the messages and events it emits there, in parallel, and the world adds the digest
 * (`TraceHasher.addDigest`) exactly where it would have hashed the value.
 */
export type TraceDigest = readonly [number, number];

export function traceDigest(v: object): TraceDigest {
  compositeWords(v);
  return [DA, DB];
}

/** Sets DA and DB to the premixed digest of an object's, array's or byte array's own content. */
function compositeDigest(v: object): void {
  const a0 = A;
  const b0 = B;
  A = SEED_A;
  B = SEED_B;
  if (Array.isArray(v)) {
    A = fold(A, PK_TAG_ARR);
    B = fold(B, PK_0);
    hashInt(v.length);
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      // Most elements are objects (records, partitions): straight to them, as walk would go.
      if (typeof x === 'object' && x !== null) hashComposite(x);
      else walk(x);
    }
  } else if (v instanceof Uint8Array) {
    hashInt(TAG_BYTES);
    hashInt(v.length);
    let a = A;
    for (let i = 0; i < v.length; i++) a = mix(a, v[i]!);
    A = a;
  } else {
    objectDigest(v as Record<string, unknown>);
  }
  DA = premix(A);
  DB = premix(B);
  A = a0;
  B = b0;
}

/**
 * Sets A and B to the lanes of an object's own content: the hottest loop of the trace. It keeps the
 * lanes in locals and does inline what hashStr and walk would do for field names (by their digests),
 * strings and small integers (most field values): the same mixing, without the calls and module state.
 */
function objectDigest(o: Record<string, unknown>): void {
  let a = fold(SEED_A, PK_TAG_OBJ);
  let b = fold(SEED_B, PK_0);
  for (const k in o) {
    const x = o[k];
    if (x === undefined) continue; // an undefined field hashes as an absent one
    const n = k.length;
    if (n > 0) {
      const slot = keySlot(k, n);
      if (keyOf[slot] !== k) setKey(slot, k, n);
      a = fold(a, keyA[slot]!);
      b = fold(b, keyB[slot]!);
    } else {
      a = fold(fold(a, PK_TAG_STR), PK_LEN[0]!);
      b = fold(fold(b, PK_0), PK_0);
    }
    if (typeof x === 'string') {
      const m = x.length;
      if (m < LONG_STRING) {
        // As hashShortStr and mixChars.
        a = fold(fold(a, PK_TAG_STR), PK_LEN[m]!);
        b = fold(fold(b, PK_0), PK_0);
        let i = 0;
        for (; i + 1 < m; i += 2) {
          const c = x.charCodeAt(i) | (x.charCodeAt(i + 1) << 16);
          a = mix(a, c);
          b = mix(b, c ^ SALT_B);
        }
        if (i < m) {
          const c = x.charCodeAt(i);
          a = mix(a, c);
          b = mix(b, c ^ SALT_B);
        }
      } else {
        // As longStringWords, inline.
        let words = stringDigests.get(x);
        if (words === undefined) words = longStringWords(x, m);
        a = fold(a, words[0]!);
        b = fold(b, words[1]!);
      }
    } else if (typeof x === 'number' && (x | 0) === x) {
      // int(TAG_INT), int(x): for an int32 the high word is 0.
      a = mix(fold(a, PK_TAG_INT), x);
      b = fold(fold(b, PK_0), PK_0);
    } else {
      A = a;
      B = b;
      walk(x);
      a = A;
      b = B;
    }
  }
  A = a;
  B = b;
}

export class TraceHasher {
  private a = 0x2545f491;
  private b = 0x6a09e667;

  int(n: number): void {
    this.a = mix(this.a, n | 0);
    this.b = mix(this.b, (n / 0x100000000) | 0);
  }

  str(s: string): void {
    A = this.a;
    B = this.b;
    hashStr(s);
    this.a = A;
    this.b = B;
  }

  value(v: unknown): void {
    A = this.a;
    B = this.b;
    walk(v);
    this.a = A;
    this.b = B;
  }

  /** Adds a composite by its digest (`traceDigest`): the same as `value` of the composite itself. */
  addDigest(d: TraceDigest): void {
    this.a = fold(this.a, d[0]);
    this.b = fold(this.b, d[1]);
  }

  /** The running state, for checkpoints: restoring it with `load` continues the same hash. */
  save(): [number, number] {
    return [this.a, this.b];
  }

  load(state: readonly [number, number]): void {
    this.a = state[0];
    this.b = state[1];
  }

  /** 16 hex digits. */
  digest(): string {
    const a = fmix(this.a ^ this.b);
    const b = fmix(this.b ^ Math.imul(this.a, 0x27d4eb2f));
    return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
  }
}

/** The hash of one value, as hex. */
export function hashValue(v: unknown): string {
  const h = new TraceHasher();
  h.value(v);
  return h.digest();
}
