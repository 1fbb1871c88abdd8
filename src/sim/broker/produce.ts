// Produce on the leader (ReplicaManager.appendRecords / Partition.appendRecordsToLeader).
// acks=0: no answer; acks=1: answer after the local append; acks=all: refuse with NOT_ENOUGH_REPLICAS when
// the ISR is already below min.insync.replicas, else append and wait for the HW (DelayedProduce).
import type { KafkaError } from '../protocol/errors';
import type { ProducePartitionResponse, ProduceRequest } from '../protocol/client';
import { appendAsLeader, NO_PRODUCER_ID } from '../log/index';
import type { BrokerIo, BrokerState, DelayedProduce } from './state';
import { nextId } from './state';
import { type Partition, effectiveMinIsr, isLeader, tpKey } from './partition';
import { addDelayedProduce, advanceLeaderHW, onPartitionProgress, wakeFetches } from './purgatory';

const APPEND_ERRORS: Record<string, KafkaError> = {
  INVALID_RECORD: 'INVALID_RECORD',
  RECORD_TOO_LARGE: 'MESSAGE_TOO_LARGE',
  INVALID_PRODUCER_EPOCH: 'INVALID_PRODUCER_EPOCH',
  OUT_OF_ORDER_SEQUENCE_NUMBER: 'OUT_OF_ORDER_SEQUENCE_NUMBER',
};

interface Appended {
  topic: string;
  partition: number;
  errorCode: KafkaError;
  baseOffset: number;
  lastOffset: number;
  leaderEpoch: number;
  errorMessage: string | null;
  p: Partition | null;
}

function appendOne(
  s: BrokerState,
  req: ProduceRequest,
  d: ProduceRequest['partitions'][number],
  io: BrokerIo,
): Appended {
  const fail = (errorCode: KafkaError, errorMessage: string | null = null): Appended => ({
    topic: d.topic,
    partition: d.partition,
    errorCode,
    baseOffset: -1,
    lastOffset: -1,
    leaderEpoch: -1,
    errorMessage,
    p: null,
  });
  const p = s.partitions[tpKey(d.topic, d.partition)];
  if (!p) return fail(s.metadata.topics[d.topic] ? 'NOT_LEADER_OR_FOLLOWER' : 'UNKNOWN_TOPIC_OR_PARTITION');
  if (!isLeader(p, s.brokerId)) return fail('NOT_LEADER_OR_FOLLOWER');
  const minIsr = effectiveMinIsr(p);
  if (req.acks === -1 && p.isr.length < minIsr) {
    return fail(
      'NOT_ENOUGH_REPLICAS',
      `The size of the current ISR [${p.isr.join(', ')}] is insufficient to satisfy the min.isr requirement of ${minIsr} for partition ${p.topic}-${p.partition}`,
    );
  }
  const producer =
    d.producerId === NO_PRODUCER_ID
      ? null
      : { producerId: d.producerId, producerEpoch: d.producerEpoch, baseSequence: d.baseSequence };
  const r = appendAsLeader(p.log, d.records, p.leaderEpoch, producer, io.ctx.now, io.sink);
  if (r.error !== null) return fail(APPEND_ERRORS[r.error] ?? 'UNKNOWN_SERVER_ERROR', r.message);
  if (!r.duplicate) {
    io.ctx.record({
      type: 'log.append',
      broker: s.brokerId,
      topic: p.topic,
      partition: p.partition,
      leaderEpoch: p.leaderEpoch,
      baseOffset: r.baseOffset,
      lastOffset: r.lastOffset,
      acks: req.acks,
      clientId: req.clientId,
      producerId: d.producerId,
      baseSequence: d.baseSequence,
      records: r.batch.records.map((x) => ({ offset: x.offset, key: x.key, value: x.value })),
    });
    if (r.rolled)
      io.ctx.record({
        type: 'log.roll',
        broker: s.brokerId,
        topic: p.topic,
        partition: p.partition,
        ...r.rolled,
      });
  } else {
    io.ctx.record({
      type: 'log.duplicate',
      broker: s.brokerId,
      topic: p.topic,
      partition: p.partition,
      baseOffset: r.baseOffset,
      lastOffset: r.lastOffset,
      producerId: d.producerId,
      baseSequence: d.baseSequence,
    });
  }
  return {
    topic: d.topic,
    partition: d.partition,
    errorCode: 'NONE',
    baseOffset: r.baseOffset,
    lastOffset: r.lastOffset,
    leaderEpoch: p.leaderEpoch,
    errorMessage: null,
    p,
  };
}

/** New data on a leader: followers parked on it fetch now; with no followers the HW moves at once. */
export function afterLeaderAppend(s: BrokerState, p: Partition, io: BrokerIo): void {
  wakeFetches(s, p, io);
  if (advanceLeaderHW(s, p, io)) {
    onPartitionProgress(s, p, io);
  }
}

export function handleProduce(s: BrokerState, from: string, req: ProduceRequest, io: BrokerIo): void {
  if (req.acks !== -1 && req.acks !== 0 && req.acks !== 1) {
    io.ctx.send(from, {
      type: 'ProduceResponse',
      correlationId: req.correlationId,
      partitions: req.partitions.map((d) => ({
        topic: d.topic,
        partition: d.partition,
        errorCode: 'INVALID_REQUIRED_ACKS',
        baseOffset: -1,
        logStartOffset: -1,
        errorMessage: null,
      })),
    });
    return;
  }
  const results = req.partitions.map((d) => appendOne(s, req, d, io));
  for (const a of results) if (a.p) afterLeaderAppend(s, a.p, io);
  if (req.acks === 0) return; // KafkaApis: no response at all for acks=0
  if (req.acks === 1 || results.every((a) => a.errorCode !== 'NONE')) {
    const partitions: ProducePartitionResponse[] = results.map((a) => ({
      topic: a.topic,
      partition: a.partition,
      errorCode: a.errorCode,
      baseOffset: a.baseOffset,
      logStartOffset: a.p ? a.p.log.logStartOffset : -1,
      errorMessage: a.errorMessage,
    }));
    io.ctx.send(from, { type: 'ProduceResponse', correlationId: req.correlationId, partitions });
    return;
  }
  const dp: DelayedProduce = {
    id: nextId(s),
    from,
    correlationId: req.correlationId,
    partitions: results.map((a) => ({
      topic: a.topic,
      partition: a.partition,
      requiredOffset: a.lastOffset + 1,
      baseOffset: a.baseOffset,
      leaderEpoch: a.leaderEpoch,
      errorCode: a.errorCode === 'NONE' ? null : a.errorCode,
    })),
  };
  addDelayedProduce(s, dp, req.timeoutMs, io);
}
