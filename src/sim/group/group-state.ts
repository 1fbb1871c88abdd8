// A consumer group as its coordinator holds it (kafka.coordinator.group.GroupMetadata / ClassicGroup):
// members, generation, protocol, leader and state. Plain data.
import type { TopicPartition } from '../protocol/controller';
import type { ConsumerSubscription } from '../protocol/group';

export type GroupStateName = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable' | 'Dead';

export interface PendingReply {
  from: string;
  correlationId: number;
}

export interface Member {
  memberId: string;
  clientId: string;
  groupInstanceId: string | null;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  /** Protocol names in the member's preference order, with its subscription. */
  protocols: { name: string; metadata: ConsumerSubscription }[];
  assignment: TopicPartition[];
  /** A JoinGroup waiting for the join phase to end. */
  awaitingJoin: PendingReply | null;
  /** A SyncGroup waiting for the leader's assignment. */
  awaitingSync: PendingReply | null;
}

export interface RebalanceRecord {
  generation: number;
  at: number;
  members: string[];
  joined: string[];
  left: string[];
  protocol: string | null;
}

export interface Group {
  groupId: string;
  state: GroupStateName;
  generation: number;
  protocolName: string | null;
  leader: string | null;
  members: Record<string, Member>;
  /** Member ids in the order they first joined (the leader is the first to join). */
  joinOrder: string[];
  /** Ids handed out with MEMBER_ID_REQUIRED and not yet used (KIP-394). */
  pendingMembers: string[];
  /** Members of the last completed generation, to say who joined and who left. */
  lastMembers: string[];
  /** When the current initial-delay window started (InitialDelayedJoin), -1 otherwise. */
  initialDelayStartedMs: number;
  membersAtDelayStart: number;
  rebalanceStartedMs: number;
  history: RebalanceRecord[];
  /** The offsets partition this group lives in. */
  offsetsPartition: number;
}

export function emptyGroup(groupId: string, offsetsPartition: number): Group {
  return {
    groupId,
    state: 'Empty',
    generation: 0,
    protocolName: null,
    leader: null,
    members: {},
    joinOrder: [],
    pendingMembers: [],
    lastMembers: [],
    initialDelayStartedMs: -1,
    membersAtDelayStart: 0,
    rebalanceStartedMs: -1,
    history: [],
    offsetsPartition,
  };
}

/** GroupMetadata.hasAllMembersJoined: every member rejoined and no id handed out is still pending. */
export function allMembersJoined(g: Group): boolean {
  return Object.values(g.members).every((m) => m.awaitingJoin !== null) && g.pendingMembers.length === 0;
}

export function memberIds(g: Group): string[] {
  return g.joinOrder.filter((id) => g.members[id] !== undefined);
}
