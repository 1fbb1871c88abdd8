// Consumer groups as their coordinators hold them: the group coordinator runs in the broker that leads
// the group's __consumer_offsets partition (groupsView). After a coordinator moves, an old one may keep
// a stale copy for a moment: the highest generation wins.
import type { World } from '../../sim/net/world';
import type { BrokerState } from '../../sim/broker/state';
import { groupsView } from '../../sim/group/coordinator';
import type { GroupSnap } from './types';

export function readGroups(world: World): GroupSnap[] {
  const found = new Map<string, GroupSnap>();
  for (const slot of Object.values(world.nodes)) {
    if (slot.spec.kind !== 'broker' || !slot.alive || !slot.state) continue;
    const s = slot.state as BrokerState;
    if (!s.groupCoordinator) continue;
    for (const g of groupsView(s)) {
      const prev = found.get(g.groupId);
      if (prev && prev.generation > g.generation) continue;
      found.set(g.groupId, {
        groupId: g.groupId,
        state: g.state,
        generation: g.generation,
        protocol: g.protocol,
        leader: g.leader,
        coordinator: s.brokerId,
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
