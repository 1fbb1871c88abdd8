// kafka-consumer-groups --reset-offsets, as the admin client runs it: find the group's coordinator, look
// up the target offsets (earliest: log start offset, latest: high watermark, or a given offset), and
// commit them outside any generation. The coordinator accepts that only while the group has no members.
import type { NodeContext } from '../core/node';
import type { KafkaError } from '../protocol/errors';
import type { ListOffsetsResponse } from '../protocol/client';
import type { FindCoordinatorResponse, OffsetCommitResponse } from '../protocol/group';
import { EARLIEST_TIMESTAMP, LATEST_TIMESTAMP } from '../protocol/client';
import {
  leastLoadedNode,
  maybeUpdateMetadata,
  sendRequest,
  wantTopic,
  type NetworkClientState,
} from './network-client';

export interface OffsetReset {
  id: number;
  group: string;
  topic: string;
  to: 'earliest' | 'latest' | number;
  step: 'metadata' | 'coordinator' | 'offsets' | 'commit' | 'done';
  coordinator: number;
  /** partition -> target offset, filled as ListOffsets answers arrive. */
  offsets: Record<string, number>;
  attempts: number;
}

export interface ResetHost {
  nc: NetworkClientState;
  resets: OffsetReset[];
  nextId: number;
}

const kindOf = (r: OffsetReset, what: string) => `Reset:${r.id}:${what}`;

export function startReset(
  s: ResetHost,
  group: string,
  topic: string,
  to: OffsetReset['to'],
  ctx: NodeContext,
): void {
  s.resets.push({
    id: ++s.nextId,
    group,
    topic,
    to,
    step: 'metadata',
    coordinator: -1,
    offsets: {},
    attempts: 0,
  });
  wantTopic(s.nc, topic);
  pumpResets(s, ctx);
}

function finish(
  s: ResetHost,
  r: OffsetReset,
  errorCode: KafkaError,
  errorMessage: string | null,
  ctx: NodeContext,
): void {
  r.step = 'done';
  s.resets = s.resets.filter((x) => x !== r);
  ctx.record({
    type: 'admin.result',
    request: 'ResetOffsets',
    subject: `${r.group}/${r.topic}`,
    errorCode,
    errorMessage,
    offsets: r.offsets,
  });
}

/** Advances every reset as far as it can go without waiting. */
export function pumpResets(s: ResetHost, ctx: NodeContext): void {
  for (const r of [...s.resets]) {
    if (r.attempts > 50) {
      finish(s, r, 'REQUEST_TIMED_OUT', 'gave up after 50 attempts', ctx);
      continue;
    }
    const inFlight = Object.values(s.nc.inFlight).some((x) => x.kind.startsWith(`Reset:${r.id}:`));
    if (inFlight) continue;
    const meta = s.nc.metadata.topics[r.topic];
    if (r.step === 'metadata') {
      if (meta && meta.errorCode === 'NONE' && meta.partitions.every((p) => p.leader >= 0))
        r.step = 'coordinator';
      else if (meta && meta.errorCode === 'UNKNOWN_TOPIC_OR_PARTITION') {
        finish(s, r, 'UNKNOWN_TOPIC_OR_PARTITION', `topic ${r.topic} does not exist`, ctx);
        continue;
      } else {
        maybeUpdateMetadata(s.nc, ctx);
        continue;
      }
    }
    if (r.step === 'coordinator') {
      const broker = leastLoadedNode(s.nc, ctx.now);
      if (broker === null) continue;
      r.attempts++;
      sendRequest(
        s.nc,
        broker,
        kindOf(r, 'FindCoordinator'),
        { type: 'FindCoordinator', key: r.group, keyType: 0 },
        ctx,
      );
      continue;
    }
    if (r.step === 'offsets') {
      const parts = meta!.partitions;
      if (typeof r.to === 'number') {
        for (const p of parts) r.offsets[String(p.partition)] = r.to;
        r.step = 'commit';
      } else {
        const missing = parts.filter((p) => r.offsets[String(p.partition)] === undefined);
        if (missing.length === 0) r.step = 'commit';
        else {
          const byLeader: Record<string, number[]> = {};
          for (const p of missing) (byLeader[p.leader] ??= []).push(p.partition);
          for (const leader of Object.keys(byLeader).sort((a, b) => Number(a) - Number(b))) {
            r.attempts++;
            sendRequest(
              s.nc,
              Number(leader),
              kindOf(r, 'ListOffsets'),
              {
                type: 'ListOffsets',
                replicaId: -1,
                isolationLevel: 'read_uncommitted',
                partitions: byLeader[leader]!.map((partition) => ({
                  topic: r.topic,
                  partition,
                  currentLeaderEpoch: -1,
                  timestamp: r.to === 'earliest' ? EARLIEST_TIMESTAMP : LATEST_TIMESTAMP,
                })),
              },
              ctx,
            );
          }
          continue;
        }
      }
    }
    if (r.step === 'commit') {
      r.attempts++;
      const offsets = Object.keys(r.offsets)
        .sort((a, b) => Number(a) - Number(b))
        .map((p) => ({ topic: r.topic, partition: Number(p), committedOffset: r.offsets[p]! }));
      sendRequest(
        s.nc,
        r.coordinator,
        kindOf(r, 'OffsetCommit'),
        { type: 'OffsetCommit', groupId: r.group, generationId: -1, memberId: '', offsets },
        ctx,
      );
    }
  }
}

/** A response or failure for one of the resets' requests. Returns false if the kind is not a reset's. */
export function resetOnAnswer(s: ResetHost, kind: string, msg: unknown | null, ctx: NodeContext): boolean {
  const m = /^Reset:(\d+):(\w+)$/.exec(kind);
  if (!m) return false;
  const r = s.resets.find((x) => x.id === Number(m[1]));
  if (!r) return true;
  if (msg === null) {
    // Timed out or refused: ask again (from metadata, in case leaders moved).
    r.step = 'metadata';
    r.offsets = typeof r.to === 'number' ? {} : r.offsets;
    pumpResets(s, ctx);
    return true;
  }
  switch (m[2]) {
    case 'FindCoordinator': {
      const res = msg as FindCoordinatorResponse;
      if (res.errorCode === 'NONE') {
        r.coordinator = res.nodeId;
        r.step = 'offsets';
      }
      break;
    }
    case 'ListOffsets':
      for (const p of (msg as ListOffsetsResponse).partitions)
        if (p.errorCode === 'NONE') r.offsets[String(p.partition)] = p.offset;
      break;
    case 'OffsetCommit': {
      const error =
        (msg as OffsetCommitResponse).partitions.find((p) => p.errorCode !== 'NONE')?.errorCode ?? 'NONE';
      if (error === 'NOT_COORDINATOR' || error === 'COORDINATOR_NOT_AVAILABLE') r.step = 'coordinator';
      else if (error === 'ILLEGAL_GENERATION' || error === 'UNKNOWN_MEMBER_ID') {
        finish(
          s,
          r,
          error,
          `Assignments can only be reset if the group '${r.group}' is inactive (it has members)`,
          ctx,
        );
      } else finish(s, r, error, null, ctx);
      break;
    }
  }
  pumpResets(s, ctx);
  return true;
}
