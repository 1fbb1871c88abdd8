// Helpers for the log's tests and benchmark: a disk that freezes everything written to it (so a test
// fails if the log ever mutates a stored batch in place), and short ways to build records.
import type { DiskOp } from '../core/node';
import { applyDiskOp } from '../core/node';
import type { MemoryDisk } from './memory-disk';
import type { RecordInput } from './records';

function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const v of Object.values(value)) deepFreeze(v);
}

/**
 * A memory disk whose stored values are frozen. Segment lists stay extensible (the disk itself appends
 * to them) but every batch in them is frozen, and so is every other value put.
 */
export function createFrozenMemoryDisk(): MemoryDisk {
  const disk: MemoryDisk['disk'] = {};
  const opCounts = { put: 0, append: 0, truncate: 0, delete: 0 };
  const sink = (op: DiskOp) => {
    opCounts[op.op]++;
    if (op.op === 'append') op.items.forEach(deepFreeze);
    if (op.op === 'put') {
      if (Array.isArray(op.value)) op.value.forEach(deepFreeze);
      else deepFreeze(op.value);
    }
    applyDiskOp(disk, op);
  };
  return { disk, sink, opCounts };
}

/** Records `key=value` for each pair; a null value is a tombstone. */
export function keyed(...pairs: [string | null, string | null][]): RecordInput[] {
  return pairs.map(([key, value]) => ({ key, value }));
}

/** `count` keyless records with values v<start>, v<start+1>, ... */
export function values(count: number, start = 0, timestamp?: number): RecordInput[] {
  const records: RecordInput[] = [];
  for (let i = 0; i < count; i++) {
    records.push(
      timestamp === undefined
        ? { key: null, value: `v${start + i}` }
        : { key: null, value: `v${start + i}`, timestamp },
    );
  }
  return records;
}
