// RangeAssignor (clients/.../consumer/RangeAssignor.java), without rack awareness (the simulation has no
// client.rack): for each topic, its partitions in numeric order are cut into contiguous ranges over the
// topic's subscribers sorted as MemberInfo (static members by group.instance.id first, then member ids);
// each gets n / k and the first n % k get one more.
// Each member's list: topics in the order Kafka iterates partitionsPerTopic (HashMap order of topic
// names), each topic's range ascending.

import { emptyAssignment, memberIterationOrder, partitionsPerTopicOrder, sortedMembers } from './common';
import type { GroupAssignment, PartitionAssignor, Subscription } from './types';

export function rangeAssign(
  partitionsPerTopic: Record<string, number>,
  subscriptions: Record<string, Subscription>,
): GroupAssignment {
  const assignment = emptyAssignment(subscriptions);
  const memberOrder = memberIterationOrder(subscriptions);
  // consumersPerTopic: members appended in subscriptions (HashMap) order, then sorted.
  const consumersPerTopic = new Map<string, string[]>();
  for (const memberId of memberOrder) {
    for (const topic of subscriptions[memberId]!.topics) {
      let list = consumersPerTopic.get(topic);
      if (list === undefined) consumersPerTopic.set(topic, (list = []));
      list.push(memberId);
    }
  }
  for (const [topic, numPartitions] of partitionsPerTopicOrder(partitionsPerTopic)) {
    const consumers = sortedMembers(consumersPerTopic.get(topic) ?? [], subscriptions);
    if (consumers.length === 0) continue;
    const perConsumer = Math.floor(numPartitions / consumers.length);
    const withExtra = numPartitions % consumers.length;
    for (let i = 0; i < consumers.length; i++) {
      const start = perConsumer * i + Math.min(i, withExtra);
      const length = perConsumer + (i + 1 > withExtra ? 0 : 1);
      const list = assignment[consumers[i]!]!;
      for (let p = start; p < start + length; p++) list.push({ topic, partition: p });
    }
  }
  return assignment;
}

export const rangeAssignor: PartitionAssignor = { name: 'range', assign: rangeAssign };
