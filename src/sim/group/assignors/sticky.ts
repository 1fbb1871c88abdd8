// The sticky assignment shared by StickyAssignor and CooperativeStickyAssignor
// (clients/.../consumer/internals/AbstractStickyAssignor.java, Kafka 3.5+ layout with the
// ConstrainedAssignmentBuilder and GeneralAssignmentBuilder), without rack awareness: the simulation
// has no client.rack, so Kafka's rack-aware steps are no-ops here.
//
// Where Kafka's result depends on java.util.HashMap iteration order (the member loop of the constrained
// path, the generation tie-break of prevAssignment, PartitionMovements' HashSet), that order is emulated
// (java-hash.ts), with the Record's key order taken as the order members were put into the map.
//
// Each member's list is in Kafka's order:
// - constrained path: kept owned partitions sorted by (partition, topic), then new ones in
//   (topic, partition) order;
// - general path: kept owned partitions in the order the member listed them, then partitions added
//   while assigning and balancing, in the order they were added.
//
// Differences from one long-lived Java assignor instance: every call starts afresh (Kafka keeps
// maxGeneration in the instance across calls; the value only grows, so this matters only if one
// instance saw a higher generation in an earlier call).

import { memberIterationOrder } from './common';
import { JavaHashTable, topicPartitionHashCode } from './java-hash';
import {
  compareStrings,
  tpKey,
  type GroupAssignment,
  type PartitionAssignor,
  type Subscription,
  type TopicPartition,
} from './types';

/** AbstractStickyAssignor.DEFAULT_GENERATION. */
export const DEFAULT_GENERATION = -1;

export interface StickyAssignmentResult {
  /** memberId -> partitions, insertion order = the subscriptions Record's key order. */
  assignment: Map<string, TopicPartition[]>;
  /**
   * partitionsTransferringOwnership (tpKey -> new owner) as computed by the constrained path; null on
   * the general path, where CooperativeStickyAssignor computes it from owned vs assigned partitions.
   */
  partitionsTransferringOwnership: Map<string, string> | null;
}

function removeFirst(list: TopicPartition[], key: string): void {
  const at = list.findIndex((tp) => tpKey(tp) === key);
  if (at >= 0) list.splice(at, 1);
}

/** AbstractStickyAssignor.assign: picks the constrained or the general path. */
export function abstractStickyAssign(
  partitionsPerTopic: Record<string, number>,
  subscriptions: Record<string, Subscription>,
): StickyAssignmentResult {
  const memberOrder = memberIterationOrder(subscriptions);
  const allTopics = new Set(Object.keys(partitionsPerTopic));

  // allSubscriptionsEqual: also collects each member's still-valid owned partitions, resolving claims of
  // one partition by several members: the higher generation wins; on a tie nobody keeps it.
  let isAllSubscriptionsEqual = true;
  const subscribedTopics = new Set<string>();
  let maxGeneration = DEFAULT_GENERATION;
  const consumerToOwnedPartitions = new Map<string, TopicPartition[]>();
  const previousOwner = new Map<string, string>();
  const partitionsWithMultiplePreviousOwners = new Set<string>();
  for (const consumer of memberOrder) {
    const subscription = subscriptions[consumer]!;
    if (subscribedTopics.size === 0) {
      for (const t of subscription.topics) subscribedTopics.add(t);
    } else if (
      isAllSubscriptionsEqual &&
      !(
        subscription.topics.length === subscribedTopics.size &&
        subscription.topics.every((t) => subscribedTopics.has(t))
      )
    ) {
      isAllSubscriptionsEqual = false;
    }
    const memberGeneration = subscription.generation ?? DEFAULT_GENERATION;
    maxGeneration = Math.max(maxGeneration, memberGeneration);
    const owned: TopicPartition[] = [];
    consumerToOwnedPartitions.set(consumer, owned);
    for (const raw of subscription.ownedPartitions ?? []) {
      if (!allTopics.has(raw.topic)) continue;
      const tp = { topic: raw.topic, partition: raw.partition };
      const key = tpKey(tp);
      const other = previousOwner.get(key);
      if (other === undefined) {
        owned.push(tp);
        previousOwner.set(key, consumer);
        continue;
      }
      const otherGeneration = subscriptions[other]!.generation ?? DEFAULT_GENERATION;
      if (memberGeneration === otherGeneration) {
        partitionsWithMultiplePreviousOwners.add(key);
        removeFirst(consumerToOwnedPartitions.get(other)!, key);
        previousOwner.set(key, consumer);
      } else if (memberGeneration > otherGeneration) {
        owned.push(tp);
        removeFirst(consumerToOwnedPartitions.get(other)!, key);
        previousOwner.set(key, consumer);
      }
      // else: the other member's higher generation keeps it.
    }
  }

  if (isAllSubscriptionsEqual) {
    return constrainedAssign(
      partitionsPerTopic,
      consumerToOwnedPartitions,
      partitionsWithMultiplePreviousOwners,
    );
  }
  return {
    assignment: generalAssign(
      partitionsPerTopic,
      subscriptions,
      memberOrder,
      consumerToOwnedPartitions,
      maxGeneration,
    ),
    partitionsTransferringOwnership: null,
  };
}

// ---------------------------------------------------------------------------------------------------
// ConstrainedAssignmentBuilder: every member subscribes to the same topics.

function constrainedAssign(
  partitionsPerTopic: Record<string, number>,
  consumerToOwnedPartitions: Map<string, TopicPartition[]>,
  partitionsWithMultiplePreviousOwners: Set<string>,
): StickyAssignmentResult {
  const sortedAllTopics = Object.keys(partitionsPerTopic).sort(compareStrings);
  let totalPartitionsCount = 0;
  for (const t of sortedAllTopics) totalPartitionsCount += Math.max(0, partitionsPerTopic[t]!);
  const numberOfConsumers = consumerToOwnedPartitions.size;
  const minQuota = Math.floor(totalPartitionsCount / numberOfConsumers);
  const maxQuota = Math.ceil(totalPartitionsCount / numberOfConsumers);
  const expectedNumMembersWithOverMinQuotaPartitions = totalPartitionsCount % numberOfConsumers;
  let currentNumMembersWithOverMinQuotaPartitions = 0;

  const assignment = new Map<string, TopicPartition[]>();
  for (const consumer of consumerToOwnedPartitions.keys()) assignment.set(consumer, []);
  const assignedPartitions = new Set<string>();
  const allRevokedPartitions = new Set<string>();
  const partitionsTransferringOwnership = new Map<string, string>();
  const unfilledMembersWithUnderMinQuotaPartitions: string[] = [];
  let unfilledMembersWithExactlyMinQuotaPartitions: string[] = [];

  // 1. Reassign previously owned partitions (members in HashMap order), each member's sorted by
  //    (partition, topic): all of them under minQuota; maxQuota while members over minQuota are still
  //    expected; otherwise minQuota.
  for (const [consumer, ownedRaw] of consumerToOwnedPartitions) {
    const owned = ownedRaw
      .filter((tp) => !partitionsWithMultiplePreviousOwners.has(tpKey(tp)))
      .sort((a, b) => a.partition - b.partition || compareStrings(a.topic, b.topic));
    const consumerAssignment = assignment.get(consumer)!;
    const keep = (n: number) => {
      for (let i = 0; i < owned.length; i++) {
        const key = tpKey(owned[i]!);
        if (i < n) {
          consumerAssignment.push(owned[i]!);
          assignedPartitions.add(key);
        } else {
          allRevokedPartitions.add(key);
        }
      }
    };
    if (owned.length < minQuota) {
      keep(owned.length);
      unfilledMembersWithUnderMinQuotaPartitions.push(consumer);
    } else if (
      owned.length >= maxQuota &&
      currentNumMembersWithOverMinQuotaPartitions < expectedNumMembersWithOverMinQuotaPartitions
    ) {
      currentNumMembersWithOverMinQuotaPartitions++;
      if (currentNumMembersWithOverMinQuotaPartitions === expectedNumMembersWithOverMinQuotaPartitions) {
        unfilledMembersWithExactlyMinQuotaPartitions = [];
      }
      keep(maxQuota);
    } else {
      keep(minQuota);
      if (currentNumMembersWithOverMinQuotaPartitions < expectedNumMembersWithOverMinQuotaPartitions) {
        unfilledMembersWithExactlyMinQuotaPartitions.push(consumer);
      }
    }
  }

  // Unassigned partitions, topics by name then partition number.
  const unassignedPartitions: TopicPartition[] = [];
  for (const topic of sortedAllTopics) {
    const n = partitionsPerTopic[topic]!;
    for (let p = 0; p < n; p++) {
      const tp = { topic, partition: p };
      if (!assignedPartitions.has(tpKey(tp))) unassignedPartitions.push(tp);
    }
  }
  unfilledMembersWithUnderMinQuotaPartitions.sort(compareStrings);
  unfilledMembersWithExactlyMinQuotaPartitions.sort(compareStrings);

  const assignNewPartition = (tp: TopicPartition, consumer: string): number => {
    const consumerAssignment = assignment.get(consumer)!;
    consumerAssignment.push(tp);
    const key = tpKey(tp);
    if (allRevokedPartitions.has(key) || partitionsWithMultiplePreviousOwners.has(key)) {
      partitionsTransferringOwnership.set(key, consumer);
    }
    return consumerAssignment.length;
  };

  // 2. Round-robin over the under-minQuota members (sorted by id), restarting from the first; once they
  //    are all at minQuota, top up the members at minQuota (a FIFO queue) to maxQuota.
  const under = unfilledMembersWithUnderMinQuotaPartitions;
  const exactlyMin = unfilledMembersWithExactlyMinQuotaPartitions;
  let exactlyMinHead = 0; // LinkedList.poll() without O(n) shifts
  let cursor = 0; // the LinkedList iterator: index of the next element
  for (const tp of unassignedPartitions) {
    let consumer: string;
    if (cursor < under.length) {
      consumer = under[cursor++]!;
    } else if (under.length === 0 && exactlyMinHead >= exactlyMin.length) {
      throw new Error('IllegalStateException: No more unfilled consumers to be assigned.');
    } else if (under.length === 0) {
      consumer = exactlyMin[exactlyMinHead++]!;
    } else {
      cursor = 0;
      consumer = under[cursor++]!;
    }
    const count = assignNewPartition(tp, consumer);
    if (count === minQuota) {
      under.splice(cursor - 1, 1); // iterator.remove()
      cursor--;
      exactlyMin.push(consumer);
    } else if (count === maxQuota) {
      currentNumMembersWithOverMinQuotaPartitions++;
    }
  }

  // verifyUnfilledMembers
  if (under.length > 0) {
    if (currentNumMembersWithOverMinQuotaPartitions !== expectedNumMembersWithOverMinQuotaPartitions) {
      throw new Error(
        "IllegalStateException: We haven't reached the expected number of members with more than the minQuota partitions, but no more partitions to be assigned",
      );
    }
    for (const member of under) {
      if (assignment.get(member)!.length !== minQuota) {
        throw new Error(
          `IllegalStateException: Consumer: [${member}] doesn't reach minQuota partitions, and no more partitions to be assigned`,
        );
      }
    }
  }
  return { assignment, partitionsTransferringOwnership };
}

// ---------------------------------------------------------------------------------------------------
// GeneralAssignmentBuilder: members subscribe to different topics.

/** TreeSet<String> ordered by (number of assigned partitions, member id), as SubscriptionComparator. */
class SortedConsumers {
  readonly items: string[] = [];
  constructor(private readonly sizeOf: (c: string) => number) {}

  private compare(a: string, sizeA: number, b: string): number {
    return sizeA - this.sizeOf(b) || compareStrings(a, b);
  }

  private search(c: string): { found: boolean; at: number } {
    const size = this.sizeOf(c);
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const cmp = this.compare(c, size, this.items[mid]!);
      if (cmp === 0) return { found: true, at: mid };
      if (cmp > 0) lo = mid + 1;
      else hi = mid;
    }
    return { found: false, at: lo };
  }

  add(c: string): void {
    const { found, at } = this.search(c);
    if (!found) this.items.splice(at, 0, c);
  }

  remove(c: string): void {
    const { found, at } = this.search(c);
    if (found) this.items.splice(at, 1);
  }

  first(): string {
    return this.items[0]!;
  }

  last(): string {
    return this.items[this.items.length - 1]!;
  }
}

/** PartitionMovements: records moves so that a move back (a "cycle") takes the partition that came. */
class PartitionMovements {
  private readonly byTopic = new Map<string, Map<string, JavaHashTable<TopicPartition>>>();
  private readonly movements = new Map<string, { src: string; dst: string }>();

  private static pairId(src: string, dst: string): string {
    return JSON.stringify([src, dst]);
  }

  private removeRecord(tp: TopicPartition): { src: string; dst: string } {
    const key = tpKey(tp);
    const pair = this.movements.get(key)!;
    this.movements.delete(key);
    const forTopic = this.byTopic.get(tp.topic)!;
    const id = PartitionMovements.pairId(pair.src, pair.dst);
    const set = forTopic.get(id)!;
    set.remove(tp);
    if (set.size === 0) forTopic.delete(id);
    if (forTopic.size === 0) this.byTopic.delete(tp.topic);
    return pair;
  }

  private addRecord(tp: TopicPartition, pair: { src: string; dst: string }): void {
    this.movements.set(tpKey(tp), pair);
    let forTopic = this.byTopic.get(tp.topic);
    if (forTopic === undefined) this.byTopic.set(tp.topic, (forTopic = new Map()));
    const id = PartitionMovements.pairId(pair.src, pair.dst);
    let set = forTopic.get(id);
    if (set === undefined)
      forTopic.set(id, (set = new JavaHashTable<TopicPartition>(topicPartitionHashCode, tpKey)));
    set.add(tp);
  }

  movePartition(tp: TopicPartition, oldConsumer: string, newConsumer: string): void {
    if (this.movements.has(tpKey(tp))) {
      const existing = this.removeRecord(tp);
      if (existing.src !== newConsumer) this.addRecord(tp, { src: existing.src, dst: newConsumer });
    } else {
      this.addRecord(tp, { src: oldConsumer, dst: newConsumer });
    }
  }

  getTheActualPartitionToBeMoved(
    tp: TopicPartition,
    oldConsumer: string,
    newConsumer: string,
  ): TopicPartition {
    const forTopic = this.byTopic.get(tp.topic);
    if (forTopic === undefined) return tp;
    const moved = this.movements.get(tpKey(tp));
    if (moved !== undefined) oldConsumer = moved.src;
    const reverse = forTopic.get(PartitionMovements.pairId(newConsumer, oldConsumer));
    if (reverse === undefined) return tp;
    return reverse.first()!;
  }
}

function generalAssign(
  partitionsPerTopic: Record<string, number>,
  subscriptions: Record<string, Subscription>,
  memberOrder: readonly string[],
  consumerToOwnedPartitions: Map<string, TopicPartition[]>,
  maxGeneration: number,
): Map<string, TopicPartition[]> {
  const topics = Object.keys(partitionsPerTopic);
  const numTopics = topics.length;
  let totalPartitionsCount = 0;
  for (const t of topics) totalPartitionsCount += Math.max(0, partitionsPerTopic[t]!);
  const numPartitionsOf = (t: string) => Math.max(0, partitionsPerTopic[t]!);

  // currentAssignment starts as the owned partitions (every member present, HashMap order).
  let currentAssignment = consumerToOwnedPartitions;
  const topic2AllPotentialConsumers = new Map<string, string[]>();
  for (const t of topics) topic2AllPotentialConsumers.set(t, []);
  const consumer2AllPotentialTopics = new Map<string, string[]>();
  const consumerTopicSet = new Map<string, Set<string>>();
  for (const consumer of memberOrder) {
    const subscribed: string[] = [];
    for (const topic of subscriptions[consumer]!.topics) {
      const list = topic2AllPotentialConsumers.get(topic);
      if (list === undefined) continue;
      subscribed.push(topic);
      list.push(consumer);
    }
    consumer2AllPotentialTopics.set(consumer, subscribed);
    consumerTopicSet.set(consumer, new Set(subscribed));
    if (!currentAssignment.has(consumer)) currentAssignment.set(consumer, []);
  }
  const subscribedTo = (consumer: string, topic: string) => consumerTopicSet.get(consumer)!.has(topic);

  let currentPartitionConsumer = new Map<string, string>();
  for (const [consumer, list] of currentAssignment)
    for (const tp of list) currentPartitionConsumer.set(tpKey(tp), consumer);

  // Topics by number of potential consumers, then name; their partitions in order.
  const sortedAllTopics = topics
    .slice()
    .sort(
      (a, b) =>
        topic2AllPotentialConsumers.get(a)!.length - topic2AllPotentialConsumers.get(b)!.length ||
        compareStrings(a, b),
    );
  let sortedAllPartitions: TopicPartition[] = [];
  for (const topic of sortedAllTopics) {
    for (let p = 0; p < numPartitionsOf(topic); p++) sortedAllPartitions.push({ topic, partition: p });
  }

  const sizeOf = (c: string) => currentAssignment.get(c)!.length;
  const sorted = new SortedConsumers(sizeOf);
  const partitionMovements = new PartitionMovements();

  // prepopulateCurrentAssignments: prevAssignment holds, per partition, the owner with the highest
  // generation below maxGeneration (the first such member in HashMap order wins a tie).
  const prevAssignment = new Map<string, { consumer: string; generation: number }>();
  const updatePrevAssignment = (
    partitions: readonly TopicPartition[],
    consumer: string,
    generation: number,
  ) => {
    for (const tp of partitions) {
      const key = tpKey(tp);
      const existing = prevAssignment.get(key);
      if (existing === undefined || generation > existing.generation)
        prevAssignment.set(key, { consumer, generation });
    }
  };
  for (const consumer of memberOrder) {
    const subscription = subscriptions[consumer]!;
    const owned = subscription.ownedPartitions ?? [];
    if (subscription.generation !== undefined && subscription.generation < maxGeneration) {
      updatePrevAssignment(owned, consumer, subscription.generation);
    } else if (subscription.generation === undefined && maxGeneration > DEFAULT_GENERATION) {
      updatePrevAssignment(owned, consumer, DEFAULT_GENERATION);
    }
  }

  // assignOwnedPartitions: keep owned partitions of topics the member still subscribes to.
  let revocationRequired = false;
  const assignedPartitions = new Set<string>();
  for (const [consumer, list] of currentAssignment) {
    for (let i = 0; i < list.length;) {
      const tp = list[i]!;
      if (!topic2AllPotentialConsumers.has(tp.topic)) {
        list.splice(i, 1);
        currentPartitionConsumer.delete(tpKey(tp));
      } else if (!subscriptions[consumer]!.topics.includes(tp.topic)) {
        list.splice(i, 1);
        revocationRequired = true;
      } else {
        assignedPartitions.add(tpKey(tp));
        i++;
      }
    }
  }
  let unassignedPartitions =
    assignedPartitions.size === 0
      ? sortedAllPartitions
      : sortedAllPartitions.filter((tp) => !assignedPartitions.has(tpKey(tp)));

  for (const consumer of currentAssignment.keys()) sorted.add(consumer);

  // isBalanced: sizes within one, or no partition could move to a member with fewer than (its owner - 1).
  const isBalanced = (): boolean => {
    const min = sizeOf(sorted.first());
    const max = sizeOf(sorted.last());
    if (min >= max - 1) return true;
    for (const consumer of sorted.items) {
      const count = sizeOf(consumer);
      // Nothing can be owned by a member with more than `max`: later members (larger) cannot fail either.
      if (count + 1 >= max) break;
      const subscribedTopics = consumer2AllPotentialTopics.get(consumer)!;
      const maxAssignmentSize = getMaxAssignmentSize(subscribedTopics);
      if (count === maxAssignmentSize) continue;
      for (const topic of subscribedTopics) {
        const n = numPartitionsOf(topic);
        for (let p = 0; p < n; p++) {
          const other = currentPartitionConsumer.get(`${p}\u0000${topic}`);
          if (other === undefined || other === consumer) continue;
          const otherList = currentAssignment.get(other);
          if (otherList !== undefined && count + 1 < otherList.length) return false;
        }
      }
    }
    return true;
  };

  const getMaxAssignmentSize = (subscribedTopics: readonly string[]): number => {
    if (subscribedTopics.length === numTopics) return totalPartitionsCount;
    let sum = 0;
    for (const t of subscribedTopics) sum += numPartitionsOf(t);
    return sum;
  };

  const canTopicParticipateInReassignment = (topic: string) =>
    topic2AllPotentialConsumers.get(topic)!.length >= 2;

  const canConsumerParticipateInReassignment = (consumer: string): boolean => {
    const currentPartitions = currentAssignment.get(consumer)!;
    const maxAssignmentSize = getMaxAssignmentSize(consumer2AllPotentialTopics.get(consumer)!);
    if (currentPartitions.length < maxAssignmentSize) return true;
    return currentPartitions.some((tp) => canTopicParticipateInReassignment(tp.topic));
  };

  const processPartitionMovement = (tp: TopicPartition, newConsumer: string) => {
    const key = tpKey(tp);
    const oldConsumer = currentPartitionConsumer.get(key)!;
    sorted.remove(oldConsumer);
    sorted.remove(newConsumer);
    partitionMovements.movePartition(tp, oldConsumer, newConsumer);
    removeFirst(currentAssignment.get(oldConsumer)!, key);
    currentAssignment.get(newConsumer)!.push(tp);
    currentPartitionConsumer.set(key, newConsumer);
    sorted.add(newConsumer);
    sorted.add(oldConsumer);
  };

  const reassignPartitionTo = (tp: TopicPartition, newConsumer: string) => {
    const consumer = currentPartitionConsumer.get(tpKey(tp))!;
    const toMove = partitionMovements.getTheActualPartitionToBeMoved(tp, consumer, newConsumer);
    processPartitionMovement(toMove, newConsumer);
  };

  const reassignPartition = (tp: TopicPartition) => {
    const newConsumer = sorted.items.find((c) => subscribedTo(c, tp.topic));
    if (newConsumer === undefined) throw new Error(`no consumer subscribed to ${tp.topic}`);
    reassignPartitionTo(tp, newConsumer);
  };

  const performReassignments = (reassignablePartitions: readonly TopicPartition[]): boolean => {
    let reassignmentPerformed = false;
    let modified: boolean;
    do {
      modified = false;
      for (let i = 0; i < reassignablePartitions.length && !isBalanced(); i++) {
        const tp = reassignablePartitions[i]!;
        const consumer = currentPartitionConsumer.get(tpKey(tp))!;
        const prev = prevAssignment.get(tpKey(tp));
        if (prev !== undefined) {
          const prevList = currentAssignment.get(prev.consumer);
          if (prevList === undefined) {
            // Java dereferences null here (NullPointerException): the previous owner is not in the
            // reassignable set.
            throw new Error(
              `NullPointerException: previous owner ${prev.consumer} of ${tp.topic}-${tp.partition}`,
            );
          }
          if (sizeOf(consumer) > prevList.length + 1) {
            reassignPartitionTo(tp, prev.consumer);
            reassignmentPerformed = true;
            modified = true;
            continue;
          }
        }
        for (const otherConsumer of topic2AllPotentialConsumers.get(tp.topic)!) {
          if (sizeOf(consumer) > currentAssignment.get(otherConsumer)!.length + 1) {
            reassignPartition(tp);
            reassignmentPerformed = true;
            modified = true;
            break;
          }
        }
      }
    } while (modified);
    return reassignmentPerformed;
  };

  // balance()
  const initializing = sizeOf(sorted.last()) === 0;
  for (const tp of unassignedPartitions) {
    if (topic2AllPotentialConsumers.get(tp.topic)!.length === 0) continue;
    const consumer = sorted.items.find((c) => subscribedTo(c, tp.topic));
    if (consumer === undefined) continue;
    sorted.remove(consumer);
    currentAssignment.get(consumer)!.push(tp);
    currentPartitionConsumer.set(tpKey(tp), consumer);
    sorted.add(consumer);
  }

  // Only partitions of topics with 2+ potential consumers, and members that could change, take part.
  sortedAllPartitions = sortedAllPartitions.filter((tp) => canTopicParticipateInReassignment(tp.topic));
  unassignedPartitions = unassignedPartitions.filter((tp) => canTopicParticipateInReassignment(tp.topic));
  const fixedAssignments = new Map<string, TopicPartition[]>();
  for (const consumer of consumer2AllPotentialTopics.keys()) {
    if (!canConsumerParticipateInReassignment(consumer)) {
      sorted.remove(consumer);
      fixedAssignments.set(consumer, currentAssignment.get(consumer)!);
      currentAssignment.delete(consumer);
    }
  }

  const preBalanceAssignment = new Map<string, TopicPartition[]>();
  for (const [c, list] of currentAssignment) preBalanceAssignment.set(c, list.slice());
  const preBalancePartitionConsumers = new Map(currentPartitionConsumer);

  // First try moving only the newly assigned partitions, unless a revocation is needed anyway.
  if (!revocationRequired) performReassignments(unassignedPartitions);
  const reassignmentPerformed = performReassignments(sortedAllPartitions);

  // Not initializing and the moves did not improve the balance score: revert them.
  if (
    !initializing &&
    reassignmentPerformed &&
    balanceScore(currentAssignment) >= balanceScore(preBalanceAssignment)
  ) {
    currentAssignment = preBalanceAssignment;
    currentPartitionConsumer = preBalancePartitionConsumers;
  }

  for (const [consumer, list] of fixedAssignments) currentAssignment.set(consumer, list);
  return currentAssignment;
}

/** getBalanceScore: the sum over member pairs of |size difference| (0 = perfectly balanced). */
function balanceScore(assignment: Map<string, TopicPartition[]>): number {
  const sizes = [...assignment.values()].map((l) => l.length).sort((a, b) => a - b);
  let score = 0;
  for (let i = 0; i < sizes.length; i++) score += sizes[i]! * (2 * i - (sizes.length - 1));
  return score;
}

/** StickyAssignor.assign: the sticky assignment, each member in the subscriptions Record's key order. */
export function stickyAssign(
  partitionsPerTopic: Record<string, number>,
  subscriptions: Record<string, Subscription>,
): GroupAssignment {
  return toRecord(abstractStickyAssign(partitionsPerTopic, subscriptions).assignment, subscriptions);
}

export function toRecord(
  assignment: Map<string, TopicPartition[]>,
  subscriptions: Record<string, Subscription>,
): GroupAssignment {
  const out: GroupAssignment = {};
  for (const memberId of Object.keys(subscriptions)) out[memberId] = assignment.get(memberId) ?? [];
  return out;
}

export const stickyAssignor: PartitionAssignor = { name: 'sticky', assign: stickyAssign };
