// A disk image in memory that applies a log's ops exactly as the hosts do (applyDiskOp), for tests and
// benchmarks: the live log and recoverLog(disk) can then be compared.
import type { Disk, DiskOp } from '../core/node';
import { applyDiskOp } from '../core/node';
import type { DiskSink } from './disk-layout';

export interface MemoryDisk {
  disk: Disk;
  sink: DiskSink;
  /** Number of ops applied, by kind. */
  opCounts: { put: number; append: number; truncate: number; delete: number };
}

export function createMemoryDisk(): MemoryDisk {
  const disk: Disk = {};
  const opCounts = { put: 0, append: 0, truncate: 0, delete: 0 };
  const sink = (op: DiskOp) => {
    opCounts[op.op]++;
    applyDiskOp(disk, op);
  };
  return { disk, sink, opCounts };
}
