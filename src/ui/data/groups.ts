// Consumer groups as their coordinators hold them: the group coordinator runs in the broker that leads
// the group's __consumer_offsets partition (groupsView). After a coordinator moves, an old one may keep
// a stale copy for a moment: the highest generation wins. Read from the brokers' views, which come from
// the workers when nodes run there.
import type { World } from '../../sim/net/world';
import type { BrokerView } from '../../sim/broker/broker';
import type { GroupSnap } from './types';

export function readGroups(world: World): GroupSnap[] {
  const found = new Map<string, GroupSnap>();
  for (const slot of Object.values(world.nodes)) {
    if (slot.spec.kind !== 'broker' || !slot.alive) continue;
    const v = world.view(slot.spec.id) as BrokerView | null;
    if (!v?.groups) continue;
    for (const g of v.groups) {
      const prev = found.get(g.groupId);
      if (prev && prev.generation > g.generation) continue;
      found.set(g.groupId, {
        groupId: g.groupId,
        state: g.state,
        generation: g.generation,
        protocol: g.protocol,
        leader: g.leader,
        coordinator: v.brokerId,
        members: g.members
          .map((m) => ({
            memberId: m.memberId,
            clientId: m.clientId,
            assignment: m.assignment.map((a) => ({ topic: a.topic, partition: a.partition })),
          }))
          .sort((a, b) => (a.clientId < b.clientId ? -1 : a.clientId > b.clientId ? 1 : 0)),
        committed: g.committedOffsets,
        history: g.history.map((h) => ({ ...h })),
      });
    }
  }
  return [...found.values()].sort((a, b) => (a.groupId < b.groupId ? -1 : 1));
}
