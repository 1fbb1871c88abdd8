// The group coordinator (kafka.coordinator.group.GroupCoordinator + GroupMetadataManager), classic
// protocol, running in the broker that leads the group's __consumer_offsets partition. Commits and group
// metadata are records in that partition, written like an acks=all produce, so a new coordinator after a
// failover reloads them from its replica of the log.
import { parseTopicPartitionName } from '../protocol/topic-partition';
import type { KafkaError } from '../protocol/errors';
import type { TopicPartition } from '../protocol/controller';
import type {
  HeartbeatRequest,
  JoinGroupRequest,
  LeaveGroupRequest,
  OffsetCommitRequest,
  OffsetFetchRequest,
  SyncGroupRequest,
} from '../protocol/group';
import { OFFSETS_TOPIC } from '../protocol/group';
import { appendAsLeader, type RecordInput } from '../log/index';
import type { BrokerIo, BrokerState } from '../broker/state';
import { cfgNum } from '../broker/state';
import { type Partition, isLeader, tpKey } from '../broker/partition';
import { afterLeaderAppend } from '../broker/produce';
import { coordinatorPartition } from './coordinator-partition';
import { selectProtocol } from './assignors/index';
import { allMembersJoined, emptyGroup, memberIds, type Group, type Member } from './group-state';

type AfterWrite =
  | {
      kind: 'commit';
      from: string;
      correlationId: number;
      offsets: (TopicPartition & { committedOffset: number })[];
      groupId: string;
    }
  | { kind: 'sync'; groupId: string; generation: number };

interface PendingWrite {
  id: number;
  partitionKey: string;
  requiredOffset: number;
  leaderEpoch: number;
  then: AfterWrite;
}

export interface GroupCoordinatorState {
  /** Groups loaded from the offsets partitions this broker leads. */
  groups: Record<string, Group>;
  /** groupId -> "topic-partition" -> committed offset. */
  offsets: Record<string, Record<string, number>>;
  /** Offsets partitions loaded (this broker is their leader). */
  owned: number[];
  pending: Record<string, PendingWrite>;
  nextId: number;
}

export function emptyGroupCoordinator(): GroupCoordinatorState {
  return { groups: {}, offsets: {}, owned: [], pending: {}, nextId: 0 };
}

const joinTimer = (g: string) => `grp-join:${g}`;
const sessionTimer = (g: string, m: string) => `grp-session:${g}:${m}`;
const writeTimer = (id: number) => `grp-write:${id}`;
const offsetKey = (g: string, t: string, p: number) => `offset:${g}:${t}:${p}`;
const groupKey = (g: string) => `group:${g}`;
/** offsets.commit.timeout.ms */
const OFFSET_COMMIT_TIMEOUT_MS = 5000;

function numPartitions(s: BrokerState): number {
  return cfgNum(s, 'offsets.topic.num.partitions', 50);
}

/** Whether this broker coordinates `groupId` now (it leads the group's offsets partition and has loaded it). */
function ownsGroup(s: BrokerState, groupId: string): boolean {
  return s.groupCoordinator.owned.includes(coordinatorPartition(groupId, numPartitions(s)));
}

function groupFor(s: BrokerState, groupId: string): Group {
  const gc = s.groupCoordinator;
  return (gc.groups[groupId] ??= emptyGroup(groupId, coordinatorPartition(groupId, numPartitions(s))));
}

// ---- persistence in __consumer_offsets ----

function offsetsPartition(s: BrokerState, n: number): Partition | undefined {
  return s.partitions[tpKey(OFFSETS_TOPIC, n)];
}

/** Appends to the group's offsets partition and calls back when the HW passes it (acks=all). */
function write(
  s: BrokerState,
  partitionNo: number,
  records: RecordInput[],
  then: AfterWrite,
  io: BrokerIo,
): KafkaError | null {
  const p = offsetsPartition(s, partitionNo);
  if (!p || !isLeader(p, s.brokerId)) return 'NOT_COORDINATOR';
  if (p.isr.length < Math.min(p.replicas.length, 1)) return 'COORDINATOR_NOT_AVAILABLE';
  const r = appendAsLeader(p.log, records, p.leaderEpoch, null, io.ctx.now, io.sink);
  if (r.error !== null) return 'UNKNOWN_SERVER_ERROR';
  const gc = s.groupCoordinator;
  const id = ++gc.nextId;
  gc.pending[id] = {
    id,
    partitionKey: tpKey(OFFSETS_TOPIC, partitionNo),
    requiredOffset: r.lastOffset + 1,
    leaderEpoch: p.leaderEpoch,
    then,
  };
  io.ctx.setTimer(writeTimer(id), OFFSET_COMMIT_TIMEOUT_MS);
  afterLeaderAppend(s, p, io);
  return null;
}

/** Called when a partition's HW or leadership changed: finish the writes it satisfies. */
export function groupCoordinatorOnProgress(s: BrokerState, p: Partition, io: BrokerIo): void {
  if (p.topic !== OFFSETS_TOPIC) return;
  const gc = s.groupCoordinator;
  for (const id of Object.keys(gc.pending)) {
    const w = gc.pending[id];
    if (!w || w.partitionKey !== tpKey(p.topic, p.partition)) continue;
    const lost = !isLeader(p, s.brokerId);
    if (!lost && p.highWatermark < w.requiredOffset) continue;
    delete gc.pending[id];
    io.ctx.cancelTimer(writeTimer(w.id));
    completeWrite(s, w, lost ? 'NOT_COORDINATOR' : 'NONE', io);
  }
}

function completeWrite(s: BrokerState, w: PendingWrite, error: KafkaError, io: BrokerIo): void {
  const t = w.then;
  if (t.kind === 'commit') {
    if (error === 'NONE') {
      const offs = (s.groupCoordinator.offsets[t.groupId] ??= {});
      for (const o of t.offsets) offs[`${o.topic}-${o.partition}`] = o.committedOffset;
      io.ctx.record({
        type: 'group.offsetsCommitted',
        broker: s.brokerId,
        groupId: t.groupId,
        offsets: t.offsets,
      });
    }
    io.ctx.send(t.from, {
      type: 'OffsetCommitResponse',
      correlationId: t.correlationId,
      partitions: t.offsets.map((o) => ({ topic: o.topic, partition: o.partition, errorCode: error })),
    });
    return;
  }
  const g = s.groupCoordinator.groups[t.groupId];
  if (!g || g.generation !== t.generation || g.state !== 'CompletingRebalance') return;
  if (error !== 'NONE') {
    // GroupCoordinator: a failed store sends the members back to rebalance.
    for (const m of Object.values(g.members)) replySync(io, m, 'NOT_COORDINATOR', []);
    prepareRebalance(s, g, io, 'group metadata could not be stored');
    return;
  }
  g.state = 'Stable';
  io.ctx.record({ type: 'group.stable', broker: s.brokerId, groupId: g.groupId, generation: g.generation });
  for (const m of Object.values(g.members)) if (m.awaitingSync) replySync(io, m, 'NONE', m.assignment);
}

function groupRecord(g: Group): RecordInput {
  return {
    key: groupKey(g.groupId),
    value: JSON.stringify({
      protocol: g.protocolName,
      generation: g.generation,
      leader: g.leader,
      members: memberIds(g).map((id) => {
        const m = g.members[id]!;
        return {
          memberId: m.memberId,
          clientId: m.clientId,
          groupInstanceId: m.groupInstanceId,
          sessionTimeoutMs: m.sessionTimeoutMs,
          rebalanceTimeoutMs: m.rebalanceTimeoutMs,
          protocols: m.protocols,
          assignment: m.assignment,
        };
      }),
    }),
  };
}

/** GroupMetadataManager.loadGroupsAndOffsets: replay an offsets partition this broker now leads. */
export function loadOffsetsPartition(s: BrokerState, p: Partition, io: BrokerIo): void {
  const gc = s.groupCoordinator;
  if (gc.owned.includes(p.partition)) return;
  const loadedGroups: Record<string, Group> = {};
  for (const seg of p.log.segments) {
    for (const batch of seg.batches) {
      for (const r of batch.records) {
        if (r.key === null) continue;
        if (r.key.startsWith('offset:')) {
          const [, groupId, ...rest] = r.key.split(':');
          const partition = rest.pop()!;
          const topic = rest.join(':');
          const offs = (gc.offsets[groupId!] ??= {});
          if (r.value === null) delete offs[`${topic}-${partition}`];
          else offs[`${topic}-${partition}`] = (JSON.parse(r.value) as { offset: number }).offset;
        } else if (r.key.startsWith('group:')) {
          const groupId = r.key.slice(6);
          if (r.value === null) {
            delete loadedGroups[groupId];
            continue;
          }
          const v = JSON.parse(r.value) as {
            protocol: string | null;
            generation: number;
            leader: string | null;
            members: Omit<Member, 'awaitingJoin' | 'awaitingSync'>[];
          };
          const g = emptyGroup(groupId, p.partition);
          g.generation = v.generation;
          g.protocolName = v.protocol;
          g.leader = v.leader;
          for (const m of v.members) {
            g.members[m.memberId] = { ...m, awaitingJoin: null, awaitingSync: null };
            g.joinOrder.push(m.memberId);
          }
          g.state = v.members.length > 0 ? 'Stable' : 'Empty';
          g.lastMembers = memberIds(g);
          loadedGroups[groupId] = g;
        }
      }
    }
  }
  for (const g of Object.values(loadedGroups)) {
    gc.groups[g.groupId] = g;
    // Loaded members get a full session to find the new coordinator and heartbeat.
    for (const m of Object.values(g.members))
      io.ctx.setTimer(sessionTimer(g.groupId, m.memberId), m.sessionTimeoutMs);
  }
  gc.owned.push(p.partition);
  gc.owned.sort((a, b) => a - b);
  io.ctx.record({
    type: 'group.partitionLoaded',
    broker: s.brokerId,
    partition: p.partition,
    groups: Object.keys(loadedGroups).sort(),
  });
}

/** GroupMetadataManager.removeGroupsForPartition: this broker no longer leads the offsets partition. */
export function unloadOffsetsPartition(s: BrokerState, partitionNo: number, io: BrokerIo): void {
  const gc = s.groupCoordinator;
  if (!gc.owned.includes(partitionNo)) return;
  gc.owned = gc.owned.filter((x) => x !== partitionNo);
  for (const g of Object.values(gc.groups)) {
    if (g.offsetsPartition !== partitionNo) continue;
    for (const m of Object.values(g.members)) {
      io.ctx.cancelTimer(sessionTimer(g.groupId, m.memberId));
      if (m.awaitingJoin)
        io.ctx.send(
          m.awaitingJoin.from,
          joinError(m.awaitingJoin.correlationId, 'NOT_COORDINATOR', m.memberId),
        );
      if (m.awaitingSync) replySync(io, m, 'NOT_COORDINATOR', []);
    }
    io.ctx.cancelTimer(joinTimer(g.groupId));
    delete gc.groups[g.groupId];
    delete gc.offsets[g.groupId];
  }
  io.ctx.record({ type: 'group.partitionUnloaded', broker: s.brokerId, partition: partitionNo });
}

// ---- the classic protocol ----

function joinError(correlationId: number, errorCode: KafkaError, memberId = '') {
  return {
    type: 'JoinGroupResponse',
    correlationId,
    errorCode,
    generationId: -1,
    protocolName: null,
    leader: '',
    memberId,
    members: [],
  };
}

function replySync(io: BrokerIo, m: Member, errorCode: KafkaError, assignment: TopicPartition[]): void {
  if (!m.awaitingSync) return;
  io.ctx.send(m.awaitingSync.from, {
    type: 'SyncGroupResponse',
    correlationId: m.awaitingSync.correlationId,
    errorCode,
    assignment,
  });
  m.awaitingSync = null;
}

function touch(g: Group, m: Member, io: BrokerIo): void {
  io.ctx.setTimer(sessionTimer(g.groupId, m.memberId), m.sessionTimeoutMs);
}

function rebalanceTimeout(g: Group): number {
  return Math.max(0, ...Object.values(g.members).map((m) => m.rebalanceTimeoutMs));
}

/** GroupCoordinator.prepareRebalance: members must rejoin; an Empty group first waits group.initial.rebalance.delay.ms. */
function prepareRebalance(s: BrokerState, g: Group, io: BrokerIo, reason: string): void {
  if (g.state === 'CompletingRebalance')
    for (const m of Object.values(g.members)) replySync(io, m, 'REBALANCE_IN_PROGRESS', []);
  const wasEmpty = g.state === 'Empty';
  g.state = 'PreparingRebalance';
  g.rebalanceStartedMs = io.ctx.now;
  io.ctx.record({
    type: 'group.rebalancing',
    broker: s.brokerId,
    groupId: g.groupId,
    generation: g.generation,
    reason,
  });
  if (wasEmpty) {
    g.initialDelayStartedMs = io.ctx.now;
    g.membersAtDelayStart = Object.keys(g.members).length;
    io.ctx.setTimer(joinTimer(g.groupId), cfgNum(s, 'group.initial.rebalance.delay.ms', 3000));
  } else {
    g.initialDelayStartedMs = -1;
    io.ctx.setTimer(joinTimer(g.groupId), rebalanceTimeout(g));
  }
}

function maybeCompleteJoin(s: BrokerState, g: Group, io: BrokerIo): void {
  if (g.state === 'PreparingRebalance' && g.initialDelayStartedMs < 0 && allMembersJoined(g))
    completeJoin(s, g, io);
}

/** The join phase ends: members that did not rejoin are dropped, the generation moves on, everyone is answered. */
function completeJoin(s: BrokerState, g: Group, io: BrokerIo): void {
  io.ctx.cancelTimer(joinTimer(g.groupId));
  for (const id of memberIds(g)) {
    const m = g.members[id]!;
    if (m.awaitingJoin === null) removeMember(s, g, id, io, false);
  }
  g.pendingMembers = [];
  const ids = memberIds(g);
  g.generation++;
  const joined = ids.filter((id) => !g.lastMembers.includes(id));
  const left = g.lastMembers.filter((id) => !ids.includes(id));
  if (ids.length === 0) {
    g.state = 'Empty';
    g.protocolName = null;
    g.leader = null;
    g.history.push({ generation: g.generation, at: io.ctx.now, members: [], joined, left, protocol: null });
    io.ctx.record({ type: 'group.empty', broker: s.brokerId, groupId: g.groupId, generation: g.generation });
    g.lastMembers = [];
    write(s, g.offsetsPartition, [groupRecord(g)], { kind: 'sync', groupId: g.groupId, generation: -1 }, io);
    return;
  }
  g.protocolName = selectProtocol(
    ids.map((id) => ({ memberId: id, protocols: g.members[id]!.protocols.map((p) => p.name) })),
  );
  if (g.leader === null || !g.members[g.leader]) g.leader = ids[0]!;
  g.state = 'CompletingRebalance';
  g.history.push({
    generation: g.generation,
    at: io.ctx.now,
    members: ids,
    joined,
    left,
    protocol: g.protocolName,
  });
  g.lastMembers = ids;
  io.ctx.record({
    type: 'group.joined',
    broker: s.brokerId,
    groupId: g.groupId,
    generation: g.generation,
    leader: g.leader,
    protocol: g.protocolName,
    members: ids,
    joined,
    left,
  });
  for (const id of ids) {
    const m = g.members[id]!;
    const reply = m.awaitingJoin!;
    m.awaitingJoin = null;
    io.ctx.send(reply.from, {
      type: 'JoinGroupResponse',
      correlationId: reply.correlationId,
      errorCode: 'NONE',
      generationId: g.generation,
      protocolName: g.protocolName,
      leader: g.leader,
      memberId: id,
      members:
        id === g.leader
          ? ids.map((mid) => {
              const mm = g.members[mid]!;
              const chosen = mm.protocols.find((p) => p.name === g.protocolName) ?? mm.protocols[0]!;
              return { memberId: mid, groupInstanceId: mm.groupInstanceId, metadata: chosen.metadata };
            })
          : [],
    });
  }
}

function removeMember(s: BrokerState, g: Group, memberId: string, io: BrokerIo, rebalance: boolean): void {
  const m = g.members[memberId];
  if (!m) return;
  delete g.members[memberId];
  io.ctx.cancelTimer(sessionTimer(g.groupId, memberId));
  if (m.awaitingJoin)
    io.ctx.send(m.awaitingJoin.from, joinError(m.awaitingJoin.correlationId, 'UNKNOWN_MEMBER_ID', memberId));
  replySync(io, m, 'UNKNOWN_MEMBER_ID', []);
  if (!rebalance) return;
  if (g.state === 'Stable' || g.state === 'CompletingRebalance')
    prepareRebalance(s, g, io, `member ${memberId} left`);
  else maybeCompleteJoin(s, g, io);
}

export function handleJoinGroup(s: BrokerState, from: string, req: JoinGroupRequest, io: BrokerIo): void {
  if (!ownsGroup(s, req.groupId))
    return void io.ctx.send(from, joinError(req.correlationId, 'NOT_COORDINATOR'));
  const min = cfgNum(s, 'group.min.session.timeout.ms', 6000);
  const max = cfgNum(s, 'group.max.session.timeout.ms', 1800000);
  if (req.sessionTimeoutMs < min || req.sessionTimeoutMs > max)
    return void io.ctx.send(from, joinError(req.correlationId, 'INVALID_SESSION_TIMEOUT'));
  const g = groupFor(s, req.groupId);
  const names = req.protocols.map((p) => p.name);
  const members = Object.values(g.members);
  if (members.length > 0 && !members.every((m) => m.protocols.some((p) => names.includes(p.name)))) {
    return void io.ctx.send(from, joinError(req.correlationId, 'INCONSISTENT_GROUP_PROTOCOL'));
  }
  if (req.memberId === '') {
    // KIP-394: a new member first gets its id, then joins with it.
    const id = `${req.clientId}-${hex(io)}`;
    g.pendingMembers.push(id);
    return void io.ctx.send(from, joinError(req.correlationId, 'MEMBER_ID_REQUIRED', id));
  }
  let m = g.members[req.memberId];
  if (!m) {
    if (!g.pendingMembers.includes(req.memberId))
      return void io.ctx.send(from, joinError(req.correlationId, 'UNKNOWN_MEMBER_ID', req.memberId));
    g.pendingMembers = g.pendingMembers.filter((x) => x !== req.memberId);
    m = g.members[req.memberId] = {
      memberId: req.memberId,
      clientId: req.clientId,
      groupInstanceId: req.groupInstanceId,
      sessionTimeoutMs: req.sessionTimeoutMs,
      rebalanceTimeoutMs: req.rebalanceTimeoutMs,
      protocols: req.protocols,
      assignment: [],
      awaitingJoin: null,
      awaitingSync: null,
    };
    if (!g.joinOrder.includes(req.memberId)) g.joinOrder.push(req.memberId);
  } else m.protocols = req.protocols;
  m.awaitingJoin = { from, correlationId: req.correlationId };
  touch(g, m, io);
  if (g.state !== 'PreparingRebalance') prepareRebalance(s, g, io, `member ${m.memberId} joined`);
  maybeCompleteJoin(s, g, io);
}

function hex(io: BrokerIo): string {
  let out = '';
  for (let i = 0; i < 4; i++) out += io.ctx.rng.nextU32().toString(16).padStart(8, '0');
  return `${out.slice(0, 8)}-${out.slice(8, 12)}-${out.slice(12, 16)}-${out.slice(16, 20)}-${out.slice(20, 32)}`;
}

export function handleSyncGroup(s: BrokerState, from: string, req: SyncGroupRequest, io: BrokerIo): void {
  const reply = (errorCode: KafkaError, assignment: TopicPartition[] = []) =>
    io.ctx.send(from, { type: 'SyncGroupResponse', correlationId: req.correlationId, errorCode, assignment });
  if (!ownsGroup(s, req.groupId)) return reply('NOT_COORDINATOR');
  const g = s.groupCoordinator.groups[req.groupId];
  const m = g?.members[req.memberId];
  if (!g || !m) return reply('UNKNOWN_MEMBER_ID');
  if (req.generationId !== g.generation) return reply('ILLEGAL_GENERATION');
  touch(g, m, io);
  if (g.state === 'PreparingRebalance') return reply('REBALANCE_IN_PROGRESS');
  if (g.state === 'Stable') return reply('NONE', m.assignment);
  m.awaitingSync = { from, correlationId: req.correlationId };
  if (req.memberId === g.leader) {
    for (const id of memberIds(g)) g.members[id]!.assignment = [];
    for (const a of req.assignments)
      if (g.members[a.memberId]) g.members[a.memberId]!.assignment = a.assignment;
    io.ctx.record({
      type: 'group.assigned',
      broker: s.brokerId,
      groupId: g.groupId,
      generation: g.generation,
      protocol: g.protocolName,
      assignment: Object.fromEntries(memberIds(g).map((id) => [id, g.members[id]!.assignment])),
    });
    const err = write(
      s,
      g.offsetsPartition,
      [groupRecord(g)],
      { kind: 'sync', groupId: g.groupId, generation: g.generation },
      io,
    );
    if (err) {
      for (const mm of Object.values(g.members)) replySync(io, mm, err, []);
      prepareRebalance(s, g, io, 'group metadata could not be stored');
    }
  }
}

export function handleHeartbeat(s: BrokerState, from: string, req: HeartbeatRequest, io: BrokerIo): void {
  const reply = (errorCode: KafkaError) =>
    io.ctx.send(from, { type: 'HeartbeatResponse', correlationId: req.correlationId, errorCode });
  if (!ownsGroup(s, req.groupId)) return reply('NOT_COORDINATOR');
  const g = s.groupCoordinator.groups[req.groupId];
  const m = g?.members[req.memberId];
  if (!g || !m) return reply('UNKNOWN_MEMBER_ID');
  touch(g, m, io);
  if (g.state === 'PreparingRebalance') return reply('REBALANCE_IN_PROGRESS');
  if (req.generationId !== g.generation) return reply('ILLEGAL_GENERATION');
  reply('NONE');
}

export function handleLeaveGroup(s: BrokerState, from: string, req: LeaveGroupRequest, io: BrokerIo): void {
  const reply = (errorCode: KafkaError) =>
    io.ctx.send(from, { type: 'LeaveGroupResponse', correlationId: req.correlationId, errorCode });
  if (!ownsGroup(s, req.groupId)) return reply('NOT_COORDINATOR');
  const g = s.groupCoordinator.groups[req.groupId];
  if (!g || !g.members[req.memberId]) return reply('UNKNOWN_MEMBER_ID');
  io.ctx.record({
    type: 'group.memberLeft',
    broker: s.brokerId,
    groupId: g.groupId,
    memberId: req.memberId,
    reason: 'LeaveGroup',
  });
  removeMember(s, g, req.memberId, io, true);
  reply('NONE');
}

export function handleOffsetCommit(
  s: BrokerState,
  from: string,
  req: OffsetCommitRequest,
  io: BrokerIo,
): void {
  const reply = (errorCode: KafkaError) =>
    io.ctx.send(from, {
      type: 'OffsetCommitResponse',
      correlationId: req.correlationId,
      partitions: req.offsets.map((o) => ({ topic: o.topic, partition: o.partition, errorCode })),
    });
  if (!ownsGroup(s, req.groupId)) return reply('NOT_COORDINATOR');
  const g = groupFor(s, req.groupId);
  // A commit outside any generation is allowed only for a group without members (manual assignment).
  if (req.generationId < 0) {
    if (Object.keys(g.members).length > 0) return reply('ILLEGAL_GENERATION');
  } else {
    const m = g.members[req.memberId];
    if (!m) return reply('UNKNOWN_MEMBER_ID');
    if (req.generationId !== g.generation) return reply('ILLEGAL_GENERATION');
    if (g.state === 'CompletingRebalance') return reply('REBALANCE_IN_PROGRESS');
    touch(g, m, io);
  }
  const records = req.offsets.map((o) => ({
    key: offsetKey(req.groupId, o.topic, o.partition),
    value: JSON.stringify({ offset: o.committedOffset }),
  }));
  const err = write(
    s,
    g.offsetsPartition,
    records,
    { kind: 'commit', from, correlationId: req.correlationId, offsets: req.offsets, groupId: req.groupId },
    io,
  );
  if (err) reply(err);
}

export function handleOffsetFetch(s: BrokerState, from: string, req: OffsetFetchRequest, io: BrokerIo): void {
  if (!ownsGroup(s, req.groupId)) {
    return void io.ctx.send(from, {
      type: 'OffsetFetchResponse',
      correlationId: req.correlationId,
      errorCode: 'NOT_COORDINATOR',
      partitions: [],
    });
  }
  const offs = s.groupCoordinator.offsets[req.groupId] ?? {};
  const wanted = req.partitions ?? Object.keys(offs).map(parseTopicPartitionName);
  io.ctx.send(from, {
    type: 'OffsetFetchResponse',
    correlationId: req.correlationId,
    errorCode: 'NONE',
    partitions: wanted.map((tp) => ({ ...tp, committedOffset: offs[`${tp.topic}-${tp.partition}`] ?? -1 })),
  });
}

/** Timers of the coordinator: join-phase deadlines, member sessions, commit timeouts. */
export function groupCoordinatorOnTimer(s: BrokerState, timerId: string, io: BrokerIo): boolean {
  const gc = s.groupCoordinator;
  if (timerId.startsWith('grp-join:')) {
    const g = gc.groups[timerId.slice(9)];
    if (!g || g.state !== 'PreparingRebalance') return true;
    if (g.initialDelayStartedMs >= 0) {
      // InitialDelayedJoin: more members arrived during the delay: wait once more, within the rebalance timeout.
      const n = Object.keys(g.members).length;
      const delay = cfgNum(s, 'group.initial.rebalance.delay.ms', 3000);
      const left = rebalanceTimeout(g) - (io.ctx.now - g.initialDelayStartedMs);
      if (n > g.membersAtDelayStart && left > 0) {
        g.membersAtDelayStart = n;
        io.ctx.setTimer(joinTimer(g.groupId), Math.min(delay, left));
        return true;
      }
      g.initialDelayStartedMs = -1;
      if (!allMembersJoined(g)) {
        io.ctx.setTimer(
          joinTimer(g.groupId),
          Math.max(1, rebalanceTimeout(g) - (io.ctx.now - g.rebalanceStartedMs)),
        );
        return true;
      }
    }
    completeJoin(s, g, io);
    return true;
  }
  if (timerId.startsWith('grp-session:')) {
    const rest = timerId.slice(12);
    for (const g of Object.values(gc.groups)) {
      if (!rest.startsWith(`${g.groupId}:`)) continue;
      const memberId = rest.slice(g.groupId.length + 1);
      if (!g.members[memberId]) continue;
      io.ctx.record({
        type: 'group.memberLeft',
        broker: s.brokerId,
        groupId: g.groupId,
        memberId,
        reason: 'session timeout',
      });
      removeMember(s, g, memberId, io, true);
      return true;
    }
    return true;
  }
  if (timerId.startsWith('grp-write:')) {
    const w = gc.pending[timerId.slice(10)];
    if (w) {
      delete gc.pending[w.id];
      completeWrite(s, w, 'REQUEST_TIMED_OUT', io);
    }
    return true;
  }
  return false;
}

/** A plain view of the groups this broker coordinates, for the result and the UI. */
export function groupsView(s: BrokerState) {
  const gc = s.groupCoordinator;
  return Object.keys(gc.groups)
    .sort()
    .map((id) => {
      const g = gc.groups[id]!;
      return {
        groupId: id,
        state: g.state,
        generation: g.generation,
        protocol: g.protocolName,
        leader: g.leader,
        members: memberIds(g).map((mid) => ({
          memberId: mid,
          clientId: g.members[mid]!.clientId,
          assignment: g.members[mid]!.assignment,
        })),
        committedOffsets: { ...(gc.offsets[id] ?? {}) },
        history: g.history,
      };
    });
}
