// Idempotent-producer state of one partition (storage/.../log/ProducerStateManager.java,
// ProducerStateEntry.java, ProducerAppendInfo.java). Per producer id the log remembers the producer
// epoch and the metadata of its last 5 batches, which is what lets the leader acknowledge a retried
// batch with its original offsets instead of writing it twice, and reject gaps in the sequence.
// Transactions (currentTxnFirstOffset, coordinator epochs, markers) are not modelled here.
import type { RecordBatch } from './records';
import { INT32_MAX, NO_PRODUCER_EPOCH, NO_SEQUENCE, decrementSequence, lastSequenceOf } from './records';

/** ProducerStateEntry.NUM_BATCHES_TO_RETAIN. */
export const NUM_BATCHES_TO_RETAIN = 5;

/** BatchMetadata: enough to recognise a retried batch and answer with its offsets. */
export interface BatchMetadata {
  lastSeq: number;
  lastOffset: number;
  offsetDelta: number;
  timestamp: number;
}

export interface ProducerStateEntry {
  producerId: number;
  producerEpoch: number;
  lastTimestamp: number;
  /** Oldest first, at most NUM_BATCHES_TO_RETAIN. */
  batchMetadata: BatchMetadata[];
}

/** Producer id -> entry. Plain object; producer ids are small non-negative integers. */
export interface ProducerStateTable {
  producers: { [producerId: string]: ProducerStateEntry };
}

export type ProducerCheck =
  | { kind: 'append' }
  | { kind: 'duplicate'; baseOffset: number; lastOffset: number }
  | { kind: 'error'; error: 'INVALID_PRODUCER_EPOCH' | 'OUT_OF_ORDER_SEQUENCE_NUMBER'; message: string };

export function emptyProducerStateTable(): ProducerStateTable {
  return { producers: {} };
}

export function firstSeqOf(metadata: BatchMetadata): number {
  return decrementSequence(metadata.lastSeq, metadata.offsetDelta);
}

/** ProducerStateEntry.lastSeq, or NO_SEQUENCE when no batch is remembered. */
function lastSeqOf(entry: ProducerStateEntry): number {
  const last = entry.batchMetadata[entry.batchMetadata.length - 1];
  return last === undefined ? NO_SEQUENCE : last.lastSeq;
}

/** ProducerAppendInfo.inSequence: the next sequence follows the last one, wrapping at Integer.MAX_VALUE. */
function inSequence(lastSeq: number, nextSeq: number): boolean {
  return nextSeq === lastSeq + 1 || (nextSeq === 0 && lastSeq === INT32_MAX);
}

/**
 * The checks a leader runs on a client batch, in Kafka's order (UnifiedLog.analyzeAndValidateProducerState,
 * then ProducerAppendInfo.checkProducerEpoch and checkSequence):
 * 1. same epoch and the same sequence range as one of the last 5 batches -> a duplicate, answered with
 *    the original offsets and not appended;
 * 2. an epoch below the producer's current one -> INVALID_PRODUCER_EPOCH;
 * 3. a new epoch must start at sequence 0 (unless the producer is unknown, which accepts any sequence:
 *    its earlier batches may have been removed by retention, KIP-360);
 * 4. in the same epoch the first sequence must be lastSeq + 1 -> otherwise OUT_OF_ORDER_SEQUENCE_NUMBER.
 */
export function checkProducerAppend(
  table: ProducerStateTable,
  producerId: number,
  producerEpoch: number,
  baseSequence: number,
  lastSequence: number,
): ProducerCheck {
  const entry = table.producers[producerId];
  const currentEpoch = entry === undefined ? NO_PRODUCER_EPOCH : entry.producerEpoch;
  if (entry !== undefined && producerEpoch === currentEpoch) {
    for (const metadata of entry.batchMetadata) {
      if (firstSeqOf(metadata) === baseSequence && metadata.lastSeq === lastSequence) {
        return {
          kind: 'duplicate',
          baseOffset: metadata.lastOffset - metadata.offsetDelta,
          lastOffset: metadata.lastOffset,
        };
      }
    }
  }
  if (producerEpoch < currentEpoch) {
    return {
      kind: 'error',
      error: 'INVALID_PRODUCER_EPOCH',
      message: `epoch of producer ${producerId} is ${producerEpoch}, which is smaller than the last seen epoch ${currentEpoch}`,
    };
  }
  if (producerEpoch !== currentEpoch) {
    if (baseSequence !== 0 && currentEpoch !== NO_PRODUCER_EPOCH) {
      return {
        kind: 'error',
        error: 'OUT_OF_ORDER_SEQUENCE_NUMBER',
        message: `invalid sequence number for new epoch ${producerEpoch} of producer ${producerId}: ${baseSequence} (must be 0)`,
      };
    }
    return { kind: 'append' };
  }
  const lastSeq = entry === undefined ? NO_SEQUENCE : lastSeqOf(entry);
  if (!inSequence(lastSeq, baseSequence)) {
    return {
      kind: 'error',
      error: 'OUT_OF_ORDER_SEQUENCE_NUMBER',
      message: `out of order sequence number for producer ${producerId}: ${baseSequence} (incoming), ${lastSeq} (current end)`,
    };
  }
  return { kind: 'append' };
}

/**
 * ProducerStateEntry.addBatch, without validation (AppendOrigin.REPLICATION): used after the leader's
 * checks passed, for follower appends and when replaying the log on recovery or truncation.
 * A new epoch clears the remembered batches (maybeUpdateProducerEpoch).
 */
export function updateProducerState(table: ProducerStateTable, batch: RecordBatch): void {
  if (batch.producerId < 0) return;
  let entry = table.producers[batch.producerId];
  if (entry === undefined) {
    entry = {
      producerId: batch.producerId,
      producerEpoch: NO_PRODUCER_EPOCH,
      lastTimestamp: -1,
      batchMetadata: [],
    };
    table.producers[batch.producerId] = entry;
  }
  if (entry.producerEpoch !== batch.producerEpoch) {
    entry.producerEpoch = batch.producerEpoch;
    entry.batchMetadata = [];
  }
  if (entry.batchMetadata.length === NUM_BATCHES_TO_RETAIN) entry.batchMetadata.shift();
  entry.batchMetadata.push({
    lastSeq: lastSequenceOf(batch),
    lastOffset: batch.lastOffset,
    offsetDelta: batch.lastOffset - batch.baseOffset,
    timestamp: batch.maxTimestamp,
  });
  entry.lastTimestamp = batch.maxTimestamp;
}

function copyEntry(e: ProducerStateEntry): ProducerStateEntry {
  return {
    producerId: e.producerId,
    producerEpoch: e.producerEpoch,
    lastTimestamp: e.lastTimestamp,
    batchMetadata: e.batchMetadata.map((m) => ({ ...m })),
  };
}

/** The entries as a list sorted by producer id (a snapshot file's content). Deep copies. */
export function producerEntries(table: ProducerStateTable): ProducerStateEntry[] {
  return Object.values(table.producers)
    .sort((a, b) => a.producerId - b.producerId)
    .map(copyEntry);
}

/** A table holding deep copies of `entries` (loading a snapshot). */
export function producerStateFrom(entries: readonly ProducerStateEntry[]): ProducerStateTable {
  const table = emptyProducerStateTable();
  for (const e of entries) table.producers[e.producerId] = copyEntry(e);
  return table;
}

/** The last data offset of every producer with state (Cleaner's lastRecordsOfActiveProducers). */
export function lastOffsetsOfActiveProducers(table: ProducerStateTable): { [producerId: string]: number } {
  const result: { [producerId: string]: number } = {};
  for (const e of Object.values(table.producers)) {
    const last = e.batchMetadata[e.batchMetadata.length - 1];
    if (last !== undefined) result[e.producerId] = last.lastOffset;
  }
  return result;
}
