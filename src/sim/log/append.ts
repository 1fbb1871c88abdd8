// Appending to the log (UnifiedLog.append): as the leader, which validates the records and assigns their
// offsets, and as a follower, which keeps the offsets the leader assigned. Both roll the active segment
// first when LogSegment.shouldRoll says so, and both keep the leader-epoch cache and the producer state
// in step with the batches.
import { isCompacted } from './config';
import type { DiskSink } from './disk-layout';
import { segmentKey } from './disk-layout';
import { assignEpoch } from './leader-epoch-cache';
import type { LogState, RollInfo } from './log-state';
import { activeSegment, rollSegment, writeEpochCheckpoint } from './log-state';
import { checkProducerAppend, updateProducerState } from './producer-state';
import type { LogRecord, ProducerBatchInfo, RecordBatch, RecordInput } from './records';
import {
  NO_PRODUCER_EPOCH,
  NO_PRODUCER_ID,
  NO_SEQUENCE,
  batchSizeBytes,
  incrementSequence,
  sliceBatch,
} from './records';
import { appendToSegment, shouldRoll } from './segment';

export type LeaderAppendError =
  'INVALID_RECORD' | 'RECORD_TOO_LARGE' | 'INVALID_PRODUCER_EPOCH' | 'OUT_OF_ORDER_SEQUENCE_NUMBER';

export type LeaderAppendResult =
  | {
      error: null;
      duplicate: false;
      baseOffset: number;
      lastOffset: number;
      batch: RecordBatch;
      rolled: RollInfo | null;
    }
  /** A retry of one of the producer's last 5 batches: acknowledged with the original offsets, not written. */
  | { error: null; duplicate: true; baseOffset: number; lastOffset: number }
  | { error: LeaderAppendError; message: string };

/**
 * Appends `records` as one batch, as the partition leader in `leaderEpoch`. Offsets start at the log end
 * offset; a record without a timestamp gets `now`. Rejected before anything is written:
 * - no records, or (LogValidator.validateKey) a record without a key on a compacted topic -> INVALID_RECORD;
 * - a batch larger than max.message.bytes -> RECORD_TOO_LARGE (UnifiedLog.analyzeAndValidateRecords);
 * - producer epoch and sequence errors (see checkProducerAppend); a duplicate is answered, not written.
 */
export function appendAsLeader(
  log: LogState,
  records: readonly RecordInput[],
  leaderEpoch: number,
  producer: ProducerBatchInfo | null,
  now: number,
  sink: DiskSink,
): LeaderAppendResult {
  if (records.length === 0)
    return { error: 'INVALID_RECORD', message: 'a record batch must hold at least one record' };
  const compacted = isCompacted(log.config);
  const baseOffset = log.logEndOffset;
  const stored: LogRecord[] = new Array<LogRecord>(records.length);
  let maxTimestamp = -1;
  for (let i = 0; i < records.length; i++) {
    const input = records[i]!;
    if (compacted && input.key === null) {
      return { error: 'INVALID_RECORD', message: 'Compacted topic cannot accept message without key' };
    }
    const timestamp = input.timestamp ?? now;
    if (timestamp > maxTimestamp) maxTimestamp = timestamp;
    const record: LogRecord =
      input.headers === undefined
        ? { offset: baseOffset + i, timestamp, key: input.key, value: input.value }
        : {
            offset: baseOffset + i,
            timestamp,
            key: input.key,
            value: input.value,
            headers: { ...input.headers },
          };
    stored[i] = record;
  }
  const sizeBytes = batchSizeBytes(baseOffset, stored);
  if (sizeBytes > log.config['max.message.bytes']) {
    return {
      error: 'RECORD_TOO_LARGE',
      message: `the batch is ${sizeBytes} bytes, larger than max.message.bytes ${log.config['max.message.bytes']}`,
    };
  }
  const lastOffset = baseOffset + records.length - 1;
  const idempotent = producer !== null && producer.producerId >= 0;
  if (idempotent) {
    const lastSequence = incrementSequence(producer.baseSequence, records.length - 1);
    const check = checkProducerAppend(
      log.producerState,
      producer.producerId,
      producer.producerEpoch,
      producer.baseSequence,
      lastSequence,
    );
    if (check.kind === 'duplicate') {
      return { error: null, duplicate: true, baseOffset: check.baseOffset, lastOffset: check.lastOffset };
    }
    if (check.kind === 'error') return { error: check.error, message: check.message };
  }
  const batch: RecordBatch = {
    baseOffset,
    lastOffset,
    leaderEpoch,
    producerId: idempotent ? producer.producerId : NO_PRODUCER_ID,
    producerEpoch: idempotent ? producer.producerEpoch : NO_PRODUCER_EPOCH,
    baseSequence: idempotent ? producer.baseSequence : NO_SEQUENCE,
    maxTimestamp,
    sizeBytes,
    records: stored,
  };
  const rolled = appendBatch(log, batch, sink);
  return { error: null, duplicate: false, baseOffset, lastOffset, batch, rolled };
}

export type FollowerAppendResult =
  | { error: null; firstOffset: number; lastOffset: number; appendedBatches: number; rolled: RollInfo[] }
  | { error: 'UNEXPECTED_APPEND_OFFSET' | 'OFFSETS_OUT_OF_ORDER'; message: string };

/**
 * Appends batches fetched from the leader, keeping the leader's offsets (UnifiedLog.appendAsFollower).
 * The batches must be in increasing offset order and must not start below the log end offset
 * (UnexpectedAppendOffsetException; OffsetsOutOfOrderException for disorder); a gap above it is allowed,
 * since a compacted leader log has gaps. A batch the log already holds in full is skipped, and one that
 * straddles the log end offset (possible when truncation cut a batch here) keeps only its new records.
 * The stored batch objects are shared with the leader: batches are immutable.
 */
export function appendAsFollower(
  log: LogState,
  batches: readonly RecordBatch[],
  sink: DiskSink,
): FollowerAppendResult {
  const toAppend: RecordBatch[] = [];
  let expected = log.logEndOffset;
  for (const batch of batches) {
    if (batch.lastOffset < batch.baseOffset) {
      return {
        error: 'OFFSETS_OUT_OF_ORDER',
        message: `batch ${batch.baseOffset}..${batch.lastOffset} is inverted`,
      };
    }
    if (toAppend.length === 0 && batch.lastOffset < expected) continue;
    if (toAppend.length === 0 && batch.baseOffset < expected) {
      toAppend.push(sliceBatch(batch, expected, batch.lastOffset + 1));
    } else if (batch.baseOffset < expected) {
      const error = toAppend.length === 0 ? 'UNEXPECTED_APPEND_OFFSET' : 'OFFSETS_OUT_OF_ORDER';
      return { error, message: `batch at ${batch.baseOffset} is below the next expected offset ${expected}` };
    } else toAppend.push(batch);
    expected = batch.lastOffset + 1;
  }
  const rolled: RollInfo[] = [];
  for (const batch of toAppend) {
    const roll = appendBatch(log, batch, sink);
    if (roll !== null) rolled.push(roll);
  }
  const first = toAppend[0];
  return {
    error: null,
    firstOffset: first === undefined ? log.logEndOffset : first.baseOffset,
    lastOffset: log.logEndOffset - 1,
    appendedBatches: toAppend.length,
    rolled,
  };
}

/**
 * The common tail of both appends (UnifiedLog.append after validation): maybe roll, assign the batch's
 * epoch start offset (maybeAssignEpochStartOffset), append to the active segment and its file, move the
 * log end offset, update the producer state.
 */
function appendBatch(log: LogState, batch: RecordBatch, sink: DiskSink): RollInfo | null {
  const reason = shouldRoll(activeSegment(log), batch, log.config);
  const rolled = reason === null ? null : rollSegment(log, reason, sink);
  if (batch.leaderEpoch >= 0 && assignEpoch(log.leaderEpochCache, batch.leaderEpoch, batch.baseOffset)) {
    writeEpochCheckpoint(log, sink);
  }
  const segment = activeSegment(log);
  appendToSegment(segment, batch, log.config['index.interval.bytes']);
  sink({ op: 'append', key: segmentKey(log.dir, segment.baseOffset), items: [batch] });
  log.logEndOffset = batch.lastOffset + 1;
  updateProducerState(log.producerState, batch);
  return rolled;
}
