// Kafka's key hash: org.apache.kafka.common.utils.Utils.murmur2 and Utils.toPositive.
// The default partitioner hashes the serialized key with this function, so the simulated producer must
// compute the very same 32-bit value for "same key -> same partition" to match a real cluster.

const SEED = 0x9747b28c;
const M = 0x5bd1e995;
const R = 24;

/**
 * MurmurHash2 (32-bit) exactly as Utils.murmur2: signed 32-bit result, bytes read as unsigned,
 * 4-byte chunks little-endian, the tail falling through 3 -> 2 -> 1.
 */
export function murmur2(data: Uint8Array): number {
  const length = data.length;
  let h = SEED ^ length;
  const length4 = length >> 2;
  for (let i = 0; i < length4; i++) {
    const i4 = i << 2;
    let k = data[i4]! | (data[i4 + 1]! << 8) | (data[i4 + 2]! << 16) | (data[i4 + 3]! << 24);
    k = Math.imul(k, M);
    k ^= k >>> R;
    k = Math.imul(k, M);
    h = Math.imul(h, M);
    h ^= k;
  }
  // The tail: Java's switch falls through from case 3 to case 1.
  const tail = length & ~3;
  const rest = length % 4;
  if (rest >= 3) h ^= data[tail + 2]! << 16;
  if (rest >= 2) h ^= data[tail + 1]! << 8;
  if (rest >= 1) {
    h ^= data[tail]!;
    h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/**
 * murmur2 of a string's UTF-8 bytes (what the partitioner hashes for a string key). An ASCII string's
 * UTF-8 bytes are its character codes, so it is hashed from them directly, with no byte array built.
 */
export function murmur2String(s: string): number {
  const length = s.length;
  for (let i = 0; i < length; i++) if (s.charCodeAt(i) >= 0x80) return murmur2(utf8Bytes(s));
  let h = SEED ^ length;
  const length4 = length >> 2;
  for (let i = 0; i < length4; i++) {
    const i4 = i << 2;
    let k =
      s.charCodeAt(i4) |
      (s.charCodeAt(i4 + 1) << 8) |
      (s.charCodeAt(i4 + 2) << 16) |
      (s.charCodeAt(i4 + 3) << 24);
    k = Math.imul(k, M);
    k ^= k >>> R;
    k = Math.imul(k, M);
    h = Math.imul(h, M);
    h ^= k;
  }
  const tail = length & ~3;
  const rest = length % 4;
  if (rest >= 3) h ^= s.charCodeAt(tail + 2) << 16;
  if (rest >= 2) h ^= s.charCodeAt(tail + 1) << 8;
  if (rest >= 1) {
    h ^= s.charCodeAt(tail);
    h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/** Utils.toPositive: a bit mask, not Math.abs (so MIN_VALUE maps to 0, not to itself). */
export function toPositive(n: number): number {
  return n & 0x7fffffff;
}

const encoder = new TextEncoder();

/**
 * UTF-8 bytes of a string, as Kafka's StringSerializer produces by default (`String.getBytes(UTF_8)`).
 * TextEncoder is deterministic; a lone surrogate becomes U+FFFD, as in Java's encoder.
 */
export function utf8Bytes(s: string): Uint8Array {
  return encoder.encode(s);
}
