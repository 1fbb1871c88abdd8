// Emulation of java.util.HashMap / HashSet iteration order. Several Kafka assignor results depend on
// the order in which a HashMap hands out its keys (AbstractStickyAssignor's member loop, ClassicGroup's
// protocol vote). HashMap iterates bucket by bucket; a key's bucket is spread(hashCode) & (capacity - 1)
// with spread(h) = h ^ (h >>> 16); inside a bucket, keys keep insertion order (resizes split a bucket
// into a "lo" and a "hi" bucket, each keeping the relative order). The table starts at 16 buckets (or
// tableSizeFor(initialCapacity)) and doubles when size exceeds capacity * 0.75; a bucket reaching 9
// entries in a table smaller than 64 also doubles it (HashMap.treeifyBin).
// Not emulated: treeified buckets (9+ colliding keys in a table of 64 or more), whose order differs.
//
// This is a working structure local to one assign() call, never simulation state.

import { javaStringHashCode } from '../coordinator-partition';
import type { TopicPartition } from './types';

/** TopicPartition.hashCode: 31 * (31 + partition) + topic.hashCode(), wrapping at 32 bits. */
export function topicPartitionHashCode(tp: TopicPartition): number {
  return (Math.imul(31 + tp.partition, 31) + javaStringHashCode(tp.topic)) | 0;
}

/** HashMap.tableSizeFor: the smallest power of two >= cap (1 for cap <= 1). */
function tableSizeFor(cap: number): number {
  let n = 1;
  while (n < cap) n *= 2;
  return n;
}

const TREEIFY_THRESHOLD = 8;
const MIN_TREEIFY_CAPACITY = 64;

export class JavaHashTable<K> {
  private buckets: K[][] = [];
  private capacity = 0;
  private threshold: number;
  private readonly index = new Map<string, number>(); // key id -> cached hash
  size = 0;

  constructor(
    private readonly hashOf: (k: K) => number,
    private readonly idOf: (k: K) => string,
    initialCapacity?: number,
  ) {
    // new HashMap<>() leaves the threshold at 0 (-> 16 at the first put); new HashMap<>(n) stores
    // tableSizeFor(n) there.
    this.threshold = initialCapacity === undefined ? 0 : tableSizeFor(initialCapacity);
  }

  has(k: K): boolean {
    return this.index.has(this.idOf(k));
  }

  /** put / add: returns false if the key was already there (its position does not change). */
  add(k: K): boolean {
    const id = this.idOf(k);
    if (this.index.has(id)) return false;
    if (this.capacity === 0) this.resize();
    const raw = this.hashOf(k) | 0;
    const h = raw ^ (raw >>> 16);
    this.index.set(id, h);
    const bucket = this.buckets[h & (this.capacity - 1)]!;
    const before = bucket.length;
    bucket.push(k);
    if (before >= TREEIFY_THRESHOLD && this.capacity < MIN_TREEIFY_CAPACITY) this.resize();
    if (++this.size > this.threshold) this.resize();
    return true;
  }

  remove(k: K): boolean {
    const id = this.idOf(k);
    const h = this.index.get(id);
    if (h === undefined) return false;
    this.index.delete(id);
    const bucket = this.buckets[h & (this.capacity - 1)]!;
    const at = bucket.findIndex((x) => this.idOf(x) === id);
    bucket.splice(at, 1);
    this.size--;
    return true;
  }

  /** The first key in iteration order (HashSet.iterator().next()). */
  first(): K | undefined {
    for (const bucket of this.buckets) if (bucket.length > 0) return bucket[0];
    return undefined;
  }

  /** All keys in HashMap iteration order. */
  keys(): K[] {
    const out: K[] = [];
    for (const bucket of this.buckets) for (const k of bucket) out.push(k);
    return out;
  }

  private resize(): void {
    let newCap: number;
    if (this.capacity > 0) newCap = this.capacity * 2;
    else if (this.threshold > 0) newCap = this.threshold;
    else newCap = 16;
    const next: K[][] = [];
    for (let i = 0; i < newCap; i++) next.push([]);
    // Walking the old buckets in order and appending keeps each key's relative order, as the
    // lo/hi split in HashMap.resize does.
    for (const bucket of this.buckets) {
      for (const k of bucket) next[this.index.get(this.idOf(k))! & (newCap - 1)]!.push(k);
    }
    this.buckets = next;
    this.capacity = newCap;
    this.threshold = Math.floor(newCap * 0.75);
  }
}

/** The iteration order of a java.util.HashMap<String, ?> into which `keys` were put in this order. */
export function javaHashMapOrder(keys: readonly string[], initialCapacity?: number): string[] {
  const table = new JavaHashTable<string>(javaStringHashCode, (s) => s, initialCapacity);
  for (const k of keys) table.add(k);
  return table.keys();
}
