// Builds the UI's snapshot of the cluster from a running world: node views, ZooKeeper's tree (the
// cluster's source of truth for assignments, leaders and ISRs) and the network model. Read-only.
import type { World } from '../../sim/net/world';
import type { BrokerView } from '../../sim/broker/broker';
import type { ZkView } from '../../sim/coordinator/view';
import type { BrokerSnap, ClientSnap, NetSnap, PartitionSnap, Snapshot, TopicSnap, ZkSnap } from './types';
import { readGroups } from './groups';

interface ClientNodeConfig {
  clientId: string;
  bootstrapServers: number[];
  groupId: string | null;
  subscribe: string[];
  processing: { mode: string; recordMs: number } | null;
  config: Record<string, unknown>;
}

const obj = (v: unknown): Record<string, unknown> | null =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
const intList = (v: unknown): number[] =>
  Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number') : [];

function brokerSnaps(world: World): BrokerSnap[] {
  const out: BrokerSnap[] = [];
  for (const slot of Object.values(world.nodes)) {
    if (slot.spec.kind !== 'broker') continue;
    const cfg = slot.spec.config as { brokerId: number; rack: string | null };
    const v = slot.alive ? (world.view(slot.spec.id) as BrokerView | null) : null;
    out.push({
      id: cfg.brokerId,
      node: slot.spec.id,
      rack: cfg.rack ?? world.network.racks[slot.spec.id] ?? null,
      alive: slot.alive,
      started: slot.incarnation > 0,
      registered: v?.registered ?? false,
      isController: v?.isController ?? false,
      brokerEpoch: v?.brokerEpoch ?? -1,
      replicas: v?.replicas ?? [],
    });
  }
  return out.sort((a, b) => a.id - b.id);
}

function zkSnap(world: World): ZkSnap | null {
  const slot = world.nodes['zk'];
  if (!slot) return null;
  const v = slot.alive ? (world.view('zk') as ZkView | null) : null;
  if (!v) return { alive: false, zxid: 0, znodes: [], sessions: [] };
  return {
    alive: true,
    zxid: v.zxid,
    znodes: Object.entries(v.znodes).map(([path, z]) => ({
      path,
      data: z.data,
      version: z.version,
      ephemeralOwner: z.ephemeralOwner,
    })),
    sessions: v.sessions.map((s) => ({ ...s })),
  };
}

function topicConfigOf(data: unknown): Record<string, unknown> {
  return obj(obj(data)?.config) ?? {};
}

function partitionsFromZk(
  zk: ZkSnap,
  brokers: BrokerSnap[],
  brokerConfig: Record<string, unknown>,
): { topics: TopicSnap[]; partitions: PartitionSnap[] } {
  const byPath = new Map(zk.znodes.map((z) => [z.path, z.data]));
  const topics: TopicSnap[] = [];
  const partitions: PartitionSnap[] = [];
  const names = zk.znodes
    .map((z) => /^\/brokers\/topics\/([^/]+)$/.exec(z.path)?.[1])
    .filter((t): t is string => t !== undefined)
    .sort();
  const liveById = new Map(brokers.filter((b) => b.alive).map((b) => [b.id, b]));
  for (const topic of names) {
    const assignment = obj(obj(byPath.get(`/brokers/topics/${topic}`))?.partitions) ?? {};
    const numbers = Object.keys(assignment)
      .map(Number)
      .sort((a, b) => a - b);
    const config = topicConfigOf(byPath.get(`/config/topics/${topic}`));
    const minIsrCfg = Number(config['min.insync.replicas'] ?? brokerConfig['min.insync.replicas'] ?? 1);
    let rf = 0;
    for (const p of numbers) {
      const replicas = intList(assignment[String(p)]);
      rf = Math.max(rf, replicas.length);
      const st = obj(byPath.get(`/brokers/topics/${topic}/partitions/${p}/state`)) ?? {};
      const leaderRaw = typeof st.leader === 'number' ? st.leader : -1;
      const leader = leaderRaw >= 0 ? leaderRaw : null;
      const isr = intList(st.isr);
      const leaderView =
        leader !== null
          ? liveById.get(leader)?.replicas.find((r) => r.topic === topic && r.partition === p)
          : undefined;
      const logEndOffsets: Record<number, number> = {};
      for (const r of replicas) {
        const rv = liveById.get(r)?.replicas.find((x) => x.topic === topic && x.partition === p);
        if (rv) logEndOffsets[r] = rv.logEndOffset;
      }
      const minIsr = Math.min(minIsrCfg, replicas.length);
      const offline = leader === null || !liveById.has(leader);
      partitions.push({
        topic,
        partition: p,
        replicas,
        leader,
        leaderEpoch: typeof st.leader_epoch === 'number' ? st.leader_epoch : 0,
        isr,
        highWatermark: leaderView?.highWatermark ?? 0,
        logStartOffset: leaderView?.logStartOffset ?? 0,
        logEndOffsets,
        minIsr,
        offline,
        underReplicated: isr.length < replicas.length,
        underMinIsr: isr.length < minIsr,
        preferredLeader: leader !== null && leader === replicas[0],
      });
    }
    topics.push({
      name: topic,
      partitions: numbers.length,
      replicationFactor: rf,
      config,
      deleting: byPath.has(`/admin/delete_topics/${topic}`),
    });
  }
  return { topics, partitions };
}

/** Without ZooKeeper: what the brokers themselves believe (the leaders' replica views). */
function partitionsFromBrokers(
  brokers: BrokerSnap[],
  brokerConfig: Record<string, unknown>,
): { topics: TopicSnap[]; partitions: PartitionSnap[] } {
  const best = new Map<string, PartitionSnap>();
  const minIsrCfg = Number(brokerConfig['min.insync.replicas'] ?? 1);
  for (const b of brokers) {
    for (const r of b.replicas) {
      const key = `${r.topic}-${r.partition}`;
      const prev = best.get(key);
      const isLeader = r.role === 'leader';
      if (prev && !(isLeader && r.leaderEpoch >= prev.leaderEpoch)) {
        prev.logEndOffsets[b.id] = r.logEndOffset;
        continue;
      }
      const minIsr = Math.min(minIsrCfg, r.replicas.length);
      const leader = r.leader >= 0 ? r.leader : null;
      best.set(key, {
        topic: r.topic,
        partition: r.partition,
        replicas: r.replicas,
        leader,
        leaderEpoch: Math.max(0, r.leaderEpoch),
        isr: r.isr,
        highWatermark: isLeader ? r.highWatermark : (prev?.highWatermark ?? 0),
        logStartOffset: r.logStartOffset,
        logEndOffsets: { ...(prev?.logEndOffsets ?? {}), [b.id]: r.logEndOffset },
        minIsr,
        offline: leader === null || !brokers.some((x) => x.alive && x.id === leader),
        underReplicated: r.isr.length < r.replicas.length,
        underMinIsr: r.isr.length < minIsr,
        preferredLeader: leader !== null && leader === r.replicas[0],
      });
    }
  }
  const partitions = [...best.values()].sort((a, b) =>
    a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1,
  );
  const topics = new Map<string, TopicSnap>();
  for (const p of partitions) {
    const t = topics.get(p.topic) ?? {
      name: p.topic,
      partitions: 0,
      replicationFactor: 0,
      config: {},
      deleting: false,
    };
    t.partitions++;
    t.replicationFactor = Math.max(t.replicationFactor, p.replicas.length);
    topics.set(p.topic, t);
  }
  return { topics: [...topics.values()], partitions };
}

function clientSnaps(world: World): ClientSnap[] {
  const out: ClientSnap[] = [];
  for (const slot of Object.values(world.nodes)) {
    const kind = slot.spec.kind;
    if (kind !== 'producer' && kind !== 'consumer') continue;
    const c = slot.spec.config as ClientNodeConfig;
    const v = slot.alive ? obj(world.view(slot.spec.id)) : null;
    out.push({
      id: slot.spec.id,
      type: kind,
      alive: slot.alive,
      started: slot.incarnation > 0,
      groupId: c.groupId ?? null,
      subscribe: c.subscribe ?? [],
      config: c.config ?? {},
      bootstrapServers: c.bootstrapServers ?? [],
      processing: c.processing ?? null,
      queued: typeof v?.queued === 'number' ? v.queued : null,
    });
  }
  return out;
}

function netSnap(world: World): NetSnap {
  const n = world.network;
  const latency = (links: Record<string, { latencyMs?: number }>) => {
    const out: Record<string, number> = {};
    for (const [k, p] of Object.entries(links)) if (p.latencyMs !== undefined) out[k] = p.latencyMs;
    return out;
  };
  return {
    groups: { ...n.groups },
    isolated: Object.keys(n.isolated),
    cut: Object.keys(n.cut),
    defaultLatencyMs: n.defaults.latencyMs,
    linkLatency: latency(n.links),
    rackLatency: latency(n.rackLinks),
  };
}

export function buildSnapshot(world: World, brokerConfig: Record<string, unknown>): Snapshot {
  const brokers = brokerSnaps(world);
  const zk = zkSnap(world);
  const { topics, partitions } =
    zk && zk.alive
      ? partitionsFromZk(zk, brokers, brokerConfig)
      : partitionsFromBrokers(brokers, brokerConfig);
  const ctlZnode = zk?.znodes.find((z) => z.path === '/controller');
  const ctlId = obj(ctlZnode?.data)?.brokerid;
  const controller =
    typeof ctlId === 'number' ? ctlId : (brokers.find((b) => b.alive && b.isController)?.id ?? null);
  return {
    time: world.now,
    traceHash: world.traceHash(),
    controller,
    brokers,
    zk,
    topics,
    partitions,
    clients: clientSnaps(world),
    groups: readGroups(world),
    net: netSnap(world),
    brokerConfig,
  };
}
