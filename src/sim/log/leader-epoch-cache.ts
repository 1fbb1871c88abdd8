// The leader-epoch cache (storage/.../epoch/LeaderEpochFileCache.java): for each leader epoch, the first
// offset written in it. Followers use it (through OffsetsForLeaderEpoch / divergingEpoch, KIP-101 and
// KIP-279) to find where their log diverges from the leader's. Entries are kept sorted by epoch with
// start offsets increasing; these functions mutate the cache and report whether it changed, so the log
// can rewrite its leader-epoch-checkpoint file.

export interface EpochEntry {
  epoch: number;
  startOffset: number;
}

export interface LeaderEpochCache {
  /** Sorted by epoch; both epoch and startOffset strictly increase. */
  entries: EpochEntry[];
}

/** OffsetsForLeaderEpochResponse.UNDEFINED_EPOCH / UNDEFINED_EPOCH_OFFSET. */
export const UNDEFINED_EPOCH = -1;
export const UNDEFINED_EPOCH_OFFSET = -1;

export interface EpochEndOffset {
  leaderEpoch: number;
  endOffset: number;
}

export function emptyLeaderEpochCache(): LeaderEpochCache {
  return { entries: [] };
}

/** The latest epoch, or UNDEFINED_EPOCH when the cache is empty. */
export function latestEpoch(cache: LeaderEpochCache): number {
  const last = cache.entries[cache.entries.length - 1];
  return last === undefined ? UNDEFINED_EPOCH : last.epoch;
}

/**
 * LeaderEpochFileCache.assign. Nothing changes when `epoch` is already the latest with a start offset
 * <= startOffset (the common case: every append of the current leader). Otherwise every entry from the
 * end whose epoch >= epoch or whose startOffset >= startOffset is removed (maybeTruncateNonMonotonicEntries)
 * before the new entry goes in, so the cache stays monotone even when a stale entry must be overwritten.
 */
export function assignEpoch(cache: LeaderEpochCache, epoch: number, startOffset: number): boolean {
  if (epoch < 0 || startOffset < 0) {
    throw new RangeError(`invalid leader epoch entry (epoch ${epoch}, startOffset ${startOffset})`);
  }
  const last = cache.entries[cache.entries.length - 1];
  if (last !== undefined && last.epoch === epoch && startOffset >= last.startOffset) return false;
  const entries = cache.entries;
  while (entries.length > 0) {
    const tail = entries[entries.length - 1]!;
    if (tail.epoch >= epoch || tail.startOffset >= startOffset) entries.pop();
    else break;
  }
  entries.push({ epoch, startOffset });
  return true;
}

/**
 * LeaderEpochFileCache.endOffsetFor: where `requestedEpoch` ended in this log.
 * - UNDEFINED_EPOCH requested, or an epoch above every cached one: (-1, -1).
 * - The latest epoch: (epoch, logEndOffset), since that epoch is still being written.
 * - Below the first cached epoch: (requestedEpoch, first entry's start offset); the data before it is gone.
 * - Otherwise: (largest cached epoch <= requested, start offset of the first cached epoch > requested).
 */
export function endOffsetFor(
  cache: LeaderEpochCache,
  requestedEpoch: number,
  logEndOffset: number,
): EpochEndOffset {
  const undefinedResult = { leaderEpoch: UNDEFINED_EPOCH, endOffset: UNDEFINED_EPOCH_OFFSET };
  if (requestedEpoch === UNDEFINED_EPOCH) return undefinedResult;
  const entries = cache.entries;
  if (entries.length > 0 && latestEpoch(cache) === requestedEpoch) {
    return { leaderEpoch: requestedEpoch, endOffset: logEndOffset };
  }
  // higherEntry: the first entry with epoch > requested.
  let higher = -1;
  for (let i = 0; i < entries.length; i++) {
    if (entries[i]!.epoch > requestedEpoch) {
      higher = i;
      break;
    }
  }
  if (higher < 0) return undefinedResult;
  const higherEntry = entries[higher]!;
  if (higher === 0) return { leaderEpoch: requestedEpoch, endOffset: higherEntry.startOffset };
  return { leaderEpoch: entries[higher - 1]!.epoch, endOffset: higherEntry.startOffset };
}

/**
 * LeaderEpochFileCache.truncateFromEnd: removes the entries whose start offset is >= endOffset, because
 * the log was truncated to endOffset and those epochs no longer have any data.
 */
export function truncateFromEnd(cache: LeaderEpochCache, endOffset: number): boolean {
  const entries = cache.entries;
  const before = entries.length;
  if (endOffset < 0) return false;
  while (entries.length > 0 && entries[entries.length - 1]!.startOffset >= endOffset) entries.pop();
  return entries.length !== before;
}

/**
 * LeaderEpochFileCache.truncateFromStart: the log now starts at startOffset, so the entries that start at
 * or below it are removed and the last of them is kept with its start moved to startOffset (the epoch
 * still owns the data from there). Exclusive: truncateFromStart(6) keeps an entry starting at 6, moved to 6.
 */
export function truncateFromStart(cache: LeaderEpochCache, startOffset: number): boolean {
  const entries = cache.entries;
  let removed = 0;
  while (removed < entries.length && entries[removed]!.startOffset <= startOffset) removed++;
  if (removed === 0) return false;
  const lastRemoved = entries[removed - 1]!;
  if (removed === 1 && lastRemoved.startOffset === startOffset) return false;
  entries.splice(0, removed, { epoch: lastRemoved.epoch, startOffset });
  return true;
}

/** LeaderEpochFileCache.epochForOffset: the epoch the record at `offset` was written in, or -1. */
export function epochForOffset(cache: LeaderEpochCache, offset: number): number {
  let previous = UNDEFINED_EPOCH;
  for (const entry of cache.entries) {
    if (entry.startOffset === offset) return entry.epoch;
    if (entry.startOffset > offset) return previous;
    previous = entry.epoch;
  }
  return previous;
}

/** The checkpoint file's content: a fresh copy, so the disk never shares objects with the live cache. */
export function epochCheckpoint(cache: LeaderEpochCache): EpochEntry[] {
  return cache.entries.map((e) => ({ epoch: e.epoch, startOffset: e.startOffset }));
}
