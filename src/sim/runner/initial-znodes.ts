// The scenario's starting topics, as ZooKeeper holds them in a cluster where they already exist:
// /brokers/topics/<t> with its replica assignment and /config/topics/<t> with its overrides. The
// assignment is Kafka's own (AdminUtils.assignReplicasToBrokers), drawn from a dedicated seeded stream.
// The controller finds these topics when it is elected and brings their partitions online, so clients
// never race an admin tool to create them (and never auto-create them with the wrong shape).
import { Rng, seedRng } from '../core/rng';
import type { ZkData } from '../coordinator/index';
import { assignReplicasToBrokers, encodeTopicAssignment, encodeTopicConfig } from '../controller/index';
import type { ResolvedScenario } from './resolve';

export function initialZnodes(rs: ResolvedScenario): { path: string; data: ZkData }[] {
  if (rs.topics.length === 0) return [];
  const rng = new Rng(seedRng(rs.seed, 'initial-topics'));
  const brokers = rs.brokers.map((b) => ({ id: b.id, rack: b.rack ?? null }));
  const out: { path: string; data: ZkData }[] = [
    { path: '/brokers', data: null },
    { path: '/brokers/topics', data: null },
    { path: '/config', data: null },
    { path: '/config/topics', data: null },
  ];
  for (const t of rs.topics) {
    const overrides: Record<string, string> = {};
    for (const [k, v] of Object.entries(t.config ?? {})) overrides[k] = String(v);
    out.push({ path: `/config/topics/${t.name}`, data: encodeTopicConfig(overrides) });
    out.push({
      path: `/brokers/topics/${t.name}`,
      data: encodeTopicAssignment(assignReplicasToBrokers(t.partitions, t.replicationFactor, brokers, rng)),
    });
  }
  return out;
}
