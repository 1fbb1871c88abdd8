// A map from log offsets to values for the checker's per-record tables (the lineage, the acknowledged
// records, the processed counts). It answers exactly as a Map<number, T> would, keys iterated in
// insertion order included, but offsets mostly arrive in increasing order from a small start, so it
// keeps them in an array indexed by offset: no hashing and no rehashing as a table grows to a partition's
// size. A key it cannot hold that way (negative, not an integer, far past the end), or a new key below
// one it already holds (insertion order would no longer be offset order), moves the table to a real
// Map, filled in the same order. Plain data (checkpoints structured-clone the checker), functions below.
// Values are never undefined.

export interface OffsetTable<T> {
  /** values[offset], undefined where absent; unused once `map` is set. */
  values: (T | undefined)[];
  /** Every key held is below this (the array holds no key at or past it). */
  end: number;
  count: number;
  map: Map<number, T> | null;
}

/** Past this many slots beyond the highest key, a new key goes to a Map rather than growing the array. */
const MAX_GAP = 1 << 16;

export function offsetTable<T>(): OffsetTable<T> {
  return { values: [], end: 0, count: 0, map: null };
}

export function tableSize<T>(t: OffsetTable<T>): number {
  return t.map ? t.map.size : t.count;
}

export function tableGet<T>(t: OffsetTable<T>, offset: number): T | undefined {
  if (t.map) return t.map.get(offset);
  return offset >= 0 && offset < t.end ? t.values[offset] : undefined;
}

export function tableHas<T>(t: OffsetTable<T>, offset: number): boolean {
  return tableGet(t, offset) !== undefined;
}

export function tableSet<T>(t: OffsetTable<T>, offset: number, value: T): void {
  if (t.map) {
    t.map.set(offset, value);
    return;
  }
  if (offset >= 0 && offset < t.end && t.values[offset] !== undefined) {
    t.values[offset] = value; // an existing key keeps its place in the order
    return;
  }
  // A new key stays in the array only if it is above every key held (so insertion order stays offset
  // order), an integer, and not too far past the end.
  if (!Number.isInteger(offset) || offset < t.end || offset - t.end > MAX_GAP) {
    toMap(t).set(offset, value);
    return;
  }
  const values = t.values;
  while (values.length < offset) values.push(undefined);
  values[offset] = value;
  t.end = offset + 1;
  t.count++;
}

export function tableDelete<T>(t: OffsetTable<T>, offset: number): boolean {
  if (t.map) return t.map.delete(offset);
  if (!(offset >= 0 && offset < t.end) || t.values[offset] === undefined) return false;
  t.values[offset] = undefined;
  t.count--;
  // Keep `end` tight, so that a key deleted from the top may come back without leaving the array.
  if (offset === t.end - 1) {
    let e = offset;
    while (e > 0 && t.values[e - 1] === undefined) e--;
    t.end = e;
    t.values.length = e;
  }
  return true;
}

/** The keys in insertion order (a copy: the table may be changed while they are walked). */
export function tableKeys<T>(t: OffsetTable<T>): number[] {
  if (t.map) return [...t.map.keys()];
  const out: number[] = [];
  const values = t.values;
  for (let i = 0; i < t.end; i++) if (values[i] !== undefined) out.push(i);
  return out;
}

/** The keys in increasing order (held in the array, insertion order is already that order). */
export function tableKeysAscending<T>(t: OffsetTable<T>): number[] {
  return t.map ? [...t.map.keys()].sort((a, b) => a - b) : tableKeys(t);
}

function toMap<T>(t: OffsetTable<T>): Map<number, T> {
  const map = new Map<number, T>();
  const values = t.values;
  for (let i = 0; i < t.end; i++) {
    const v = values[i];
    if (v !== undefined) map.set(i, v);
  }
  t.values = [];
  t.end = 0;
  t.count = 0;
  return (t.map = map);
}
