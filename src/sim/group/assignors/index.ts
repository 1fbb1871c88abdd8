// The consumer's built-in partition assignors (partition.assignment.strategy) and how the classic group
// protocol picks one of them.

import { javaHashMapOrder } from './java-hash';
import { cooperativeStickyAssignor } from './cooperative-sticky';
import { rangeAssignor } from './range';
import { roundRobinAssignor } from './roundrobin';
import { stickyAssignor } from './sticky';
import type { PartitionAssignor } from './types';

export type { GroupAssignment, PartitionAssignor, Subscription, TopicPartition } from './types';
export { leaderPartitionsPerTopic } from './common';
export { cooperativeStickyAssignWithTransfers } from './cooperative-sticky';

export type AssignorName = 'range' | 'roundrobin' | 'sticky' | 'cooperative-sticky';

export const assignors: Record<AssignorName, PartitionAssignor> = {
  range: rangeAssignor,
  roundrobin: roundRobinAssignor,
  sticky: stickyAssignor,
  'cooperative-sticky': cooperativeStickyAssignor,
};

/** ConsumerPartitionAssignor.RebalanceProtocol (KIP-429). */
export type RebalanceProtocol = 'EAGER' | 'COOPERATIVE';

/**
 * supportedProtocols() of each built-in assignor, in Kafka's order. The default is [EAGER];
 * CooperativeStickyAssignor returns [COOPERATIVE, EAGER]: it also works in an eager group (which is how
 * the default list [range, cooperative-sticky] runs, eagerly, until range is removed).
 */
export const supportedProtocols: Record<AssignorName, readonly RebalanceProtocol[]> = {
  range: ['EAGER'],
  roundrobin: ['EAGER'],
  sticky: ['EAGER'],
  'cooperative-sticky': ['COOPERATIVE', 'EAGER'],
};

/** consumer defaults (3.x/4.0): partition.assignment.strategy = [RangeAssignor, CooperativeStickyAssignor]. */
export const DEFAULT_PARTITION_ASSIGNMENT_STRATEGY: readonly AssignorName[] = ['range', 'cooperative-sticky'];

/**
 * The rebalance protocol a consumer uses (ConsumerCoordinator's constructor): the protocols every
 * configured assignor supports, the highest of them (COOPERATIVE > EAGER). Throws, as Kafka does, when
 * the assignors share none.
 */
export function rebalanceProtocolFor(strategy: readonly AssignorName[]): RebalanceProtocol {
  if (strategy.length === 0) throw new Error('IllegalArgumentException: no partition assignor configured');
  const common = (['COOPERATIVE', 'EAGER'] as const).filter((p) =>
    strategy.every((a) => supportedProtocols[a].includes(p)),
  );
  if (common.length === 0) {
    throw new Error(
      'IllegalArgumentException: Specified assignors do not have commonly-supported rebalance protocol',
    );
  }
  return common[0]!;
}

/** A member of a classic group as the coordinator sees it for protocol selection. */
export interface ProtocolVoter {
  memberId: string;
  /** The member's protocol (assignor) names in its preference order (JoinGroup protocols). */
  protocols: readonly string[];
}

/**
 * ClassicGroup.selectProtocol (group-coordinator/.../classic/ClassicGroup.java): the candidates are the
 * protocols every member supports; each member votes for its first candidate in its own preference
 * order; the most votes win. A tie goes to the protocol met first when iterating the votes HashMap
 * (Stream.max keeps the earlier of equal elements): java.util.HashMap order over protocol names, put in
 * the order members are iterated, which is HashMap order over member ids (`members` is given in join
 * order, taken as the insertion order). Returns null if no protocol is supported by all members.
 * (The older Scala GroupMetadata.selectProtocol breaks ties by Scala's HashMap order instead.)
 */
export function selectProtocol(members: readonly ProtocolVoter[]): string | null {
  if (members.length === 0) throw new Error('IllegalStateException: Cannot select protocol for empty group');
  const byId = new Map(members.map((m) => [m.memberId, m]));
  const candidates = new Set(
    members[0]!.protocols.filter((p) => members.every((m) => m.protocols.includes(p))),
  );
  if (candidates.size === 0) return null;
  const votes = new Map<string, number>();
  const firstVoteOrder: string[] = [];
  for (const memberId of javaHashMapOrder([...byId.keys()])) {
    const vote = byId.get(memberId)!.protocols.find((p) => candidates.has(p))!;
    if (!votes.has(vote)) firstVoteOrder.push(vote);
    votes.set(vote, (votes.get(vote) ?? 0) + 1);
  }
  let best: string | null = null;
  let bestVotes = -1;
  for (const protocol of javaHashMapOrder(firstVoteOrder)) {
    const n = votes.get(protocol)!;
    if (n > bestVotes) {
      best = protocol;
      bestVotes = n;
    }
  }
  return best;
}
