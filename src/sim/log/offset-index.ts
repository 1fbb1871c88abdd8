// The sparse offset index of one segment (storage/.../log/OffsetIndex.java). Kafka maps a batch's last
// offset to the position where the batch starts, one entry per `index.interval.bytes` appended, and
// finds a record by binary search for the greatest entry <= the target followed by a short forward scan
// of the log file. Here a segment's "file" is its list of batches, so a position is a batch's slot in
// that list (its byte position is in the segment's batch headers). Entries are two packed number
// arrays: compact, plain data, and cheap to search.

export interface OffsetIndex {
  /** Absolute last offsets of the indexed batches, strictly increasing. */
  offsets: number[];
  /** Slot of each indexed batch in the segment's batch list. */
  positions: number[];
}

export function emptyOffsetIndex(): OffsetIndex {
  return { offsets: [], positions: [] };
}

/** OffsetIndex.isFull: no room for another entry in `segment.index.bytes`. */
export function isIndexFull(index: OffsetIndex, maxEntries: number): boolean {
  return index.offsets.length >= maxEntries;
}

export function appendIndexEntry(index: OffsetIndex, offset: number, position: number): void {
  const last = index.offsets.length > 0 ? index.offsets[index.offsets.length - 1]! : -1;
  // OffsetIndex.append rejects entries that do not increase (InvalidOffsetException).
  if (offset <= last) throw new RangeError(`index entry ${offset} is not above the last entry ${last}`);
  index.offsets.push(offset);
  index.positions.push(position);
}

/**
 * OffsetIndex.lookup: the position of the greatest entry whose offset is <= target, or 0 (the segment's
 * start) when the target is below every entry. Binary search, so a lookup costs O(log entries) however
 * big the segment is; it allocates nothing.
 */
export function lookupIndex(index: OffsetIndex, target: number): number {
  const offsets = index.offsets;
  let lo = 0;
  let hi = offsets.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (offsets[mid]! <= target) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found < 0 ? 0 : index.positions[found]!;
}
