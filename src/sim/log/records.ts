// Records and record batches, in the shape of Kafka's v2 message format (clients/.../record/DefaultRecordBatch.java,
// DefaultRecord.java). Batches are the unit of everything in the log: offsets are assigned per batch, the
// leader epoch and the producer's id/epoch/sequence live in the batch header, and a fetch returns whole
// batches. Stored batches are immutable: the disk image holds the same objects, so any change (truncation
// cutting a batch, compaction dropping records) builds a new batch object.

export const NO_PRODUCER_ID = -1;
export const NO_PRODUCER_EPOCH = -1;
export const NO_SEQUENCE = -1;
export const NO_PARTITION_LEADER_EPOCH = -1;
/** Java's Integer.MAX_VALUE: sequence numbers wrap from here to 0. */
export const INT32_MAX = 2147483647;
/** DefaultRecordBatch.RECORD_BATCH_OVERHEAD: the fixed v2 batch header. */
export const RECORD_BATCH_OVERHEAD_BYTES = 61;

export type RecordHeaders = { [key: string]: string };

/** A stored record (Kafka's Record): its offset is absolute. */
export interface LogRecord {
  offset: number;
  timestamp: number;
  key: string | null;
  /** null is a tombstone: on a compacted topic it deletes the key. */
  value: string | null;
  headers?: RecordHeaders;
}

/** A record as a producer hands it to the leader, before it has an offset. */
export interface RecordInput {
  /** CreateTime set by the producer; the append time `now` when absent. */
  timestamp?: number;
  key: string | null;
  value: string | null;
  headers?: RecordHeaders;
}

export interface RecordBatch {
  baseOffset: number;
  /** Inclusive. May be past the last record's offset after compaction: the batch keeps its offset range. */
  lastOffset: number;
  /** The partition leader epoch of the leader that appended the batch (partitionLeaderEpoch). */
  leaderEpoch: number;
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  maxTimestamp: number;
  sizeBytes: number;
  records: LogRecord[];
  /**
   * KIP-534: set by the cleaner on a batch holding tombstones the first time it sees them
   * (cleaning time + delete.retention.ms); absent until then.
   */
  deleteHorizonMs?: number;
}

/** The producer fields of a batch header; null on appendAsLeader means a non-idempotent producer. */
export interface ProducerBatchInfo {
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
}

/**
 * Bytes of the UTF-8 encoding of a JavaScript string (what Kafka's StringSerializer would produce).
 * A lone surrogate encodes as U+FFFD, three bytes, as TextEncoder does.
 */
export function utf8Length(s: string): number {
  if (s.length < UTF8_CACHE_MIN_LENGTH) return countUtf8(s);
  if (s === lastSized) return lastSizedBytes;
  let bytes = utf8Lengths.get(s);
  if (bytes === undefined) {
    if (utf8Lengths.size >= UTF8_CACHE_MAX) utf8Lengths.clear();
    utf8Lengths.set(s, (bytes = countUtf8(s)));
  }
  lastSized = s;
  lastSizedBytes = bytes;
  return bytes;
}

// A record's value is sized by the producer's accumulator and again by the leader's append: longer
// strings keep their length here (derived, never state: emptied when full). Records often carry the
// same value one after another: the last one sized is checked first, without a Map lookup.
const UTF8_CACHE_MIN_LENGTH = 32;
const UTF8_CACHE_MAX = 4096;
const utf8Lengths = new Map<string, number>();
let lastSized = '';
let lastSizedBytes = 0;

function countUtf8(s: string): number {
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/** ByteUtils.sizeOfVarint / sizeOfVarlong: zig-zag encoded, 7 bits a byte. */
export function varintSize(value: number): number {
  let zigZag = value >= 0 ? value * 2 : -value * 2 - 1;
  let bytes = 1;
  while (zigZag >= 128) {
    zigZag = Math.floor(zigZag / 128);
    bytes++;
  }
  return bytes;
}

function sizeOfNullableString(s: string | null): number {
  if (s === null) return varintSize(-1);
  const length = utf8Length(s);
  return varintSize(length) + length;
}

/** DefaultRecord.sizeInBytes: a varint length prefix, then the body. */
export function recordSizeBytes(
  offsetDelta: number,
  timestampDelta: number,
  key: string | null,
  value: string | null,
  headers: RecordHeaders | undefined,
): number {
  // attributes (1 byte), timestampDelta, offsetDelta, key, value, header count, headers
  let body = 1 + varintSize(timestampDelta) + varintSize(offsetDelta);
  body += sizeOfNullableString(key) + sizeOfNullableString(value);
  if (headers === undefined) body += varintSize(0);
  else {
    const names = Object.keys(headers);
    body += varintSize(names.length);
    for (const name of names) body += sizeOfNullableString(name) + sizeOfNullableString(headers[name]!);
  }
  return varintSize(body) + body;
}

/** The v2 size of a batch holding `records`: the 61-byte header plus each record's encoding. */
export function batchSizeBytes(baseOffset: number, records: readonly LogRecord[]): number {
  let size = RECORD_BATCH_OVERHEAD_BYTES;
  // The first record's timestamp is the batch's baseTimestamp; the others are stored as deltas.
  const baseTimestamp = records.length > 0 ? records[0]!.timestamp : 0;
  for (const r of records) {
    size += recordSizeBytes(r.offset - baseOffset, r.timestamp - baseTimestamp, r.key, r.value, r.headers);
  }
  return size;
}

/** The largest record timestamp, or -1 (RecordBatch.NO_TIMESTAMP) for no records. */
export function maxTimestampOf(records: readonly LogRecord[]): number {
  let max = -1;
  for (const r of records) if (r.timestamp > max) max = r.timestamp;
  return max;
}

/** DefaultRecordBatch.incrementSequence: sequences wrap from Integer.MAX_VALUE to 0. */
export function incrementSequence(sequence: number, increment: number): number {
  if (sequence > INT32_MAX - increment) return increment - (INT32_MAX - sequence) - 1;
  return sequence + increment;
}

/** DefaultRecordBatch.decrementSequence. */
export function decrementSequence(sequence: number, decrement: number): number {
  if (sequence < decrement) return INT32_MAX - (decrement - sequence) + 1;
  return sequence - decrement;
}

/** The sequence of the batch's last record (DefaultRecordBatch.lastSequence). */
export function lastSequenceOf(batch: RecordBatch): number {
  if (batch.baseSequence === NO_SEQUENCE) return NO_SEQUENCE;
  return incrementSequence(batch.baseSequence, batch.lastOffset - batch.baseOffset);
}

/** Number of records a batch holds (compacted batches may hold fewer than their offset range). */
export function recordCount(batches: readonly RecordBatch[]): number {
  let n = 0;
  for (const b of batches) n += b.records.length;
  return n;
}

/**
 * A new batch keeping only the records at offsets [fromOffset, toOffset) of `batch`, with the header
 * adjusted (baseOffset/lastOffset/baseSequence/size/maxTimestamp). Used when truncation cuts a batch.
 */
export function sliceBatch(batch: RecordBatch, fromOffset: number, toOffset: number): RecordBatch {
  const baseOffset = Math.max(batch.baseOffset, fromOffset);
  const lastOffset = Math.min(batch.lastOffset, toOffset - 1);
  const records = batch.records.filter((r) => r.offset >= baseOffset && r.offset <= lastOffset);
  const sliced: RecordBatch = {
    baseOffset,
    lastOffset,
    leaderEpoch: batch.leaderEpoch,
    producerId: batch.producerId,
    producerEpoch: batch.producerEpoch,
    baseSequence:
      batch.baseSequence === NO_SEQUENCE
        ? NO_SEQUENCE
        : incrementSequence(batch.baseSequence, baseOffset - batch.baseOffset),
    maxTimestamp: records.length > 0 ? maxTimestampOf(records) : batch.maxTimestamp,
    sizeBytes: batchSizeBytes(baseOffset, records),
    records,
  };
  if (batch.deleteHorizonMs !== undefined) sliced.deleteHorizonMs = batch.deleteHorizonMs;
  return sliced;
}
