// RoundRobinAssignor (clients/.../consumer/RoundRobinAssignor.java): all subscribed partitions sorted by
// topic name then partition number, dealt in a circle over the members sorted as MemberInfo (static
// members by group.instance.id first, then member ids); a member not subscribed to the partition's topic
// is skipped. Each member's list is in that dealing order (topic name, then partition).

import { emptyAssignment, memberIterationOrder, sortedMembers } from './common';
import { compareStrings, type GroupAssignment, type PartitionAssignor, type Subscription } from './types';

export function roundRobinAssign(
  partitionsPerTopic: Record<string, number>,
  subscriptions: Record<string, Subscription>,
): GroupAssignment {
  const assignment = emptyAssignment(subscriptions);
  const members = sortedMembers(memberIterationOrder(subscriptions), subscriptions);
  if (members.length === 0) return assignment;
  const subscribed = members.map((m) => new Set(subscriptions[m]!.topics));
  const topics = [...new Set(members.flatMap((m) => subscriptions[m]!.topics))].sort(compareStrings);
  let next = 0; // CircularIterator position
  for (const topic of topics) {
    if (!Object.prototype.hasOwnProperty.call(partitionsPerTopic, topic)) continue;
    const numPartitions = partitionsPerTopic[topic]!;
    for (let p = 0; p < numPartitions; p++) {
      while (!subscribed[next]!.has(topic)) next = (next + 1) % members.length;
      assignment[members[next]!]!.push({ topic, partition: p });
      next = (next + 1) % members.length;
    }
  }
  return assignment;
}

export const roundRobinAssignor: PartitionAssignor = { name: 'roundrobin', assign: roundRobinAssign };
