// The log storage of one partition replica: segments with sparse offset indexes, retention, compaction,
// the leader-epoch cache and idempotent-producer state, all plain data, all persisted through DiskOps.
export * from './config';
export * from './records';
export * from './offset-index';
export * from './segment';
export * from './leader-epoch-cache';
export * from './producer-state';
export * from './disk-layout';
export * from './log-state';
export * from './append';
export * from './read';
export * from './truncate';
export * from './retention';
export * from './compaction';
export * from './recovery';
export * from './memory-disk';
