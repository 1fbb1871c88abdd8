// Fetch on the leader (ReplicaManager.fetchMessages / Partition.fetchRecords): consumers read up to the
// high watermark, followers up to the log end; a follower's fetch offset is its log end offset, which
// drives the ISR and the HW; a follower whose log diverged gets the diverging epoch to truncate to.
import type { FetchPartitionResponse, FetchRequest, FetchResponse } from '../protocol/client';
import { endOffsetForEpoch, read } from '../log/index';
import type { BrokerIo, BrokerState } from './state';
import { nextId } from './state';
import { isLeader, tpKey, updateFollowerFetchState } from './partition';
import { maybeExpandIsr } from './isr';
import { advanceLeaderHW, fetchTimer, onPartitionProgress } from './purgatory';

export interface FetchResult {
  response: FetchResponse;
  bytes: number;
  hasError: boolean;
}

function emptyPart(
  topic: string,
  partition: number,
  errorCode: FetchPartitionResponse['errorCode'],
): FetchPartitionResponse {
  return {
    topic,
    partition,
    errorCode,
    highWatermark: -1,
    lastStableOffset: -1,
    logStartOffset: -1,
    divergingEpoch: null,
    records: [],
  };
}

/** Reads every partition of the request once. Follower fetches update the follower's state (and so the ISR and HW). */
export function executeFetch(s: BrokerState, req: FetchRequest, io: BrokerIo): FetchResult {
  const fromFollower = req.replicaId >= 0;
  let bytes = 0;
  let hasError = false;
  let budget = req.maxBytes;
  const partitions: FetchPartitionResponse[] = [];
  for (const fp of req.partitions) {
    const p = s.partitions[tpKey(fp.topic, fp.partition)];
    if (!p) {
      hasError = true;
      partitions.push(
        emptyPart(
          fp.topic,
          fp.partition,
          s.metadata.topics[fp.topic] ? 'NOT_LEADER_OR_FOLLOWER' : 'UNKNOWN_TOPIC_OR_PARTITION',
        ),
      );
      continue;
    }
    if (!isLeader(p, s.brokerId)) {
      hasError = true;
      partitions.push(emptyPart(fp.topic, fp.partition, 'NOT_LEADER_OR_FOLLOWER'));
      continue;
    }
    if (fp.currentLeaderEpoch >= 0 && fp.currentLeaderEpoch !== p.leaderEpoch) {
      hasError = true;
      partitions.push(
        emptyPart(
          fp.topic,
          fp.partition,
          fp.currentLeaderEpoch < p.leaderEpoch ? 'FENCED_LEADER_EPOCH' : 'UNKNOWN_LEADER_EPOCH',
        ),
      );
      continue;
    }
    const base = {
      topic: fp.topic,
      partition: fp.partition,
      highWatermark: p.highWatermark,
      lastStableOffset: p.highWatermark,
      logStartOffset: p.log.logStartOffset,
    };
    // Partition.fetchRecords: a follower whose last fetched epoch ends before its fetch offset here diverged.
    if (fromFollower && fp.lastFetchedEpoch >= 0) {
      const end = endOffsetForEpoch(p.log, fp.lastFetchedEpoch);
      if (end.leaderEpoch < fp.lastFetchedEpoch || end.endOffset < fp.fetchOffset) {
        partitions.push({
          ...base,
          errorCode: 'NONE',
          divergingEpoch: { epoch: end.leaderEpoch, endOffset: end.endOffset },
          records: [],
        });
        continue;
      }
    }
    const maxOffset = fromFollower ? p.log.logEndOffset : p.highWatermark;
    const r = read(
      p.log,
      fp.fetchOffset,
      maxOffset,
      Math.max(0, Math.min(fp.partitionMaxBytes, budget)),
      budget === req.maxBytes,
    );
    if (r.error) {
      hasError = true;
      partitions.push({ ...base, errorCode: 'OFFSET_OUT_OF_RANGE', divergingEpoch: null, records: [] });
      continue;
    }
    bytes += r.sizeBytes;
    budget -= r.sizeBytes;
    if (fromFollower) {
      updateFollowerFetchState(p, req.replicaId, fp.fetchOffset, io.ctx.now);
      maybeExpandIsr(s, p, req.replicaId, io);
      if (advanceLeaderHW(s, p, io)) {
        onPartitionProgress(s, p, io);
      }
    }
    // Every fetch answers this way, most with no batches: spelled out rather than spread from `base`
    // (an object spread costs several times as much here), with the fields in the same order.
    partitions.push({
      topic: fp.topic,
      partition: fp.partition,
      highWatermark: p.highWatermark,
      lastStableOffset: p.highWatermark,
      logStartOffset: base.logStartOffset,
      errorCode: 'NONE',
      divergingEpoch: null,
      records: r.batches,
    });
  }
  return {
    response: { type: 'FetchResponse', correlationId: req.correlationId, errorCode: 'NONE', partitions },
    bytes,
    hasError,
  };
}

/** A Fetch arrives: answer now if there is data (or an error), else park it for up to maxWaitMs. */
export function handleFetch(s: BrokerState, from: string, req: FetchRequest, io: BrokerIo): void {
  const result = executeFetch(s, req, io);
  const diverged = result.response.partitions.some((x) => x.divergingEpoch !== null);
  if (result.bytes >= Math.max(1, req.minBytes) || result.hasError || diverged || req.maxWaitMs <= 0) {
    io.ctx.send(from, result.response);
    return;
  }
  const id = nextId(s);
  s.delayedFetches[id] = { id, from, request: req };
  io.ctx.setTimer(fetchTimer(id), req.maxWaitMs);
}
