// Leader election and ISR changes decided by the controller, as pure functions of its context
// (kafka.controller.PartitionLeaderElectionAlgorithms, ZkPartitionStateMachine, ZkReplicaStateMachine).
// Each returns the partition-state writes to make; nothing changes until ZooKeeper has accepted them.
// In ZooKeeper mode every controller-driven change of leader or ISR bumps leader_epoch by one
// (LeaderAndIsr.newLeaderAndIsr / newEpoch); only AlterPartition from the leader keeps it.
import type { ConfigValue } from '../../scenario/configs';
import {
  isDeleting,
  isLive,
  isOnline,
  isShuttingDown,
  sortedTopics,
  topicConfig,
  type ControllerContext,
  type ElectionReason,
  type PartitionChange,
  type PartitionInfo,
} from './context';

export function makeChange(
  topic: string,
  partition: number,
  current: PartitionInfo,
  next: { leader: number; leaderEpoch: number; isr: number[] },
  election: ElectionReason | null,
  isrReason: string,
): PartitionChange {
  return {
    topic,
    partition,
    leader: next.leader,
    leaderEpoch: next.leaderEpoch,
    isr: next.isr,
    expectedZkVersion: current.zkVersion,
    previousLeader: current.leader,
    previousIsr: [...current.isr],
    election,
    unclean: election === 'unclean',
    isrReason,
    excludeFromLeaderAndIsr: [],
    includeShuttingDown: false,
    outcome: 'pending',
    newZkVersion: -1,
  };
}

const sameList = (a: number[], b: number[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** unclean.leader.election.enable: the topic's override, else the broker's config (LogConfig). */
export function uncleanAllowed(
  c: ControllerContext,
  topic: string,
  brokerConfig: Record<string, ConfigValue>,
): boolean {
  const t = c.topics[topic];
  return topicConfig(brokerConfig, t?.overrides ?? {})['unclean.leader.election.enable'] === true;
}

/**
 * PartitionLeaderElectionAlgorithms.offlinePartitionLeaderElection: the first replica in assignment order
 * that is alive and in the ISR; else, if unclean election is allowed, the first alive replica, whose ISR
 * becomes just itself. The new ISR is the live part of the old one (ZkPartitionStateMachine.leaderForOffline).
 */
export function electOffline(
  c: ControllerContext,
  replicas: number[],
  current: PartitionInfo,
  allowUnclean: boolean,
): { leader: number; isr: number[]; unclean: boolean } | null {
  const liveIsr = current.isr.filter((r) => isOnline(c, r));
  const clean = replicas.find((r) => isOnline(c, r) && current.isr.includes(r));
  if (clean !== undefined) return { leader: clean, isr: liveIsr, unclean: false };
  if (!allowUnclean) return null;
  const unclean = replicas.find((r) => isOnline(c, r));
  return unclean === undefined ? null : { leader: unclean, isr: [unclean], unclean: true };
}

/** A partition whose state znode exists and whose leader is gone (-1, dead or shutting down). */
function hasOfflineLeader(c: ControllerContext, p: PartitionInfo): boolean {
  return p.zkVersion >= 0 && (p.leader < 0 || !isLive(c, p.leader));
}

/**
 * PartitionStateMachine.triggerOnlinePartitionStateChange: every NewPartition or OfflinePartition that
 * can get a leader now. New partitions start with the first live replica as leader and every live replica
 * in the ISR, leader_epoch 0 (NewPartition -> OnlinePartition); offline ones go through
 * offlinePartitionLeaderElection. Topics queued for deletion are left alone.
 */
export function planOnlinePartitions(
  c: ControllerContext,
  brokerConfig: Record<string, ConfigValue>,
  reason: ElectionReason,
): PartitionChange[] {
  const out: PartitionChange[] = [];
  for (const topic of sortedTopics(c)) {
    if (isDeleting(c, topic)) continue;
    const t = c.topics[topic]!;
    t.partitions.forEach((p, partition) => {
      const replicas = t.replicas[partition] ?? [];
      if (p.zkVersion < 0) {
        const live = replicas.filter((r) => isOnline(c, r));
        if (live.length === 0) return; // stays NewPartition until a replica's broker is up
        out.push(
          makeChange(
            topic,
            partition,
            p,
            { leader: live[0]!, leaderEpoch: 0, isr: live },
            'new partition',
            'new partition',
          ),
        );
        return;
      }
      if (!hasOfflineLeader(c, p)) return;
      const elected = electOffline(c, replicas, p, uncleanAllowed(c, topic, brokerConfig));
      if (elected === null) return;
      out.push(
        makeChange(
          topic,
          partition,
          p,
          { leader: elected.leader, leaderEpoch: p.leaderEpoch + 1, isr: elected.isr },
          elected.unclean ? 'unclean' : reason,
          elected.unclean ? 'unclean' : reason,
        ),
      );
    });
  }
  return out;
}

/**
 * KafkaController.onBrokerFailure, per partition in one write: first OfflinePartitionLeaderElection for
 * partitions the dead brokers led, then the OfflineReplica transition (ZkReplicaStateMachine
 * .removeReplicasFromIsr) for the rest: a dead broker leaves the ISR unless it is the last member (the
 * ISR is never emptied), and a dead leader that could not be replaced leaves leader -1. Brokers are taken
 * in id order, so with several dead ISR members the highest id is the one kept.
 * A new controller does the same for every replica on a broker that is not live
 * (ZkReplicaStateMachine.startup moves them to OfflineReplica), so a death it did not witness is
 * handled as if it had.
 */
export function planBrokerFailure(
  c: ControllerContext,
  deadBrokerIds: number[],
  brokerConfig: Record<string, ConfigValue>,
  reason: ElectionReason = 'broker failure',
): PartitionChange[] {
  const dead = [...deadBrokerIds].sort((a, b) => a - b);
  const out: PartitionChange[] = [];
  for (const topic of sortedTopics(c)) {
    if (isDeleting(c, topic)) continue;
    const t = c.topics[topic]!;
    t.partitions.forEach((p, partition) => {
      if (p.zkVersion < 0) return;
      const replicas = t.replicas[partition] ?? [];
      let leader = p.leader;
      let isr = [...p.isr];
      let election: ElectionReason | null = null;
      if (hasOfflineLeader(c, p)) {
        const elected = electOffline(c, replicas, p, uncleanAllowed(c, topic, brokerConfig));
        if (elected !== null) {
          leader = elected.leader;
          isr = elected.isr;
          election = elected.unclean ? 'unclean' : reason;
        }
      }
      for (const d of dead) {
        if (!isr.includes(d)) continue;
        if (isr.length > 1) isr = isr.filter((r) => r !== d);
        if (leader === d) leader = -1;
      }
      if (leader === p.leader && sameList(isr, p.isr)) return;
      if (leader !== p.leader && election === null) election = reason; // the leader is now -1
      const change = makeChange(
        topic,
        partition,
        p,
        { leader, leaderEpoch: p.leaderEpoch + 1, isr },
        election,
        election === 'unclean' ? 'unclean' : reason,
      );
      change.excludeFromLeaderAndIsr = dead;
      out.push(change);
    });
  }
  return out;
}

/**
 * KafkaController.doControlledShutdown for broker `id`: partitions it leads (with RF > 1) move to the
 * first replica that is alive, in the ISR and not shutting down (controlledShutdownPartitionLeaderElection),
 * with the shutting-down brokers out of the ISR; partitions it follows lose it from the ISR (OfflineReplica).
 */
export function planControlledShutdown(c: ControllerContext, id: number): PartitionChange[] {
  const out: PartitionChange[] = [];
  for (const topic of sortedTopics(c)) {
    if (isDeleting(c, topic)) continue;
    const t = c.topics[topic]!;
    t.partitions.forEach((p, partition) => {
      const replicas = t.replicas[partition] ?? [];
      if (p.zkVersion < 0 || replicas.length <= 1 || !replicas.includes(id) || p.leader < 0) return;
      if (p.leader === id) {
        const leader = replicas.find((r) => isLive(c, r) && p.isr.includes(r) && !isShuttingDown(c, r));
        if (leader === undefined) return; // it keeps leading: reported back as remaining
        const isr = p.isr.filter((r) => !isShuttingDown(c, r));
        const change = makeChange(
          topic,
          partition,
          p,
          { leader, leaderEpoch: p.leaderEpoch + 1, isr },
          'controlled shutdown',
          'controlled shutdown',
        );
        change.includeShuttingDown = true; // the old leader follows until it stops
        out.push(change);
      } else if (p.isr.includes(id) && p.isr.length > 1) {
        const change = makeChange(
          topic,
          partition,
          p,
          { leader: p.leader, leaderEpoch: p.leaderEpoch + 1, isr: p.isr.filter((r) => r !== id) },
          null,
          'controlled shutdown',
        );
        change.excludeFromLeaderAndIsr = [id];
        out.push(change);
      }
    });
  }
  return out;
}

/**
 * preferredReplicaPartitionLeaderElection: replicas[0] if it is alive, not shutting down and in the ISR.
 * Returns the change, or the error Kafka answers ElectLeaders with.
 */
export function planPreferred(
  c: ControllerContext,
  topic: string,
  partition: number,
): PartitionChange | 'ELECTION_NOT_NEEDED' | 'PREFERRED_LEADER_NOT_AVAILABLE' {
  const t = c.topics[topic]!;
  const p = t.partitions[partition]!;
  const preferred = t.replicas[partition]?.[0];
  if (preferred === undefined) return 'PREFERRED_LEADER_NOT_AVAILABLE';
  if (p.leader === preferred && p.zkVersion >= 0) return 'ELECTION_NOT_NEEDED';
  if (p.zkVersion < 0 || !isOnline(c, preferred) || !p.isr.includes(preferred))
    return 'PREFERRED_LEADER_NOT_AVAILABLE';
  return makeChange(
    topic,
    partition,
    p,
    { leader: preferred, leaderEpoch: p.leaderEpoch + 1, isr: [...p.isr] },
    'preferred',
    'preferred',
  );
}

/** ElectLeaders(UNCLEAN) (KIP-460): only partitions without a live leader; ISR first, then any live replica. */
export function planUnclean(
  c: ControllerContext,
  topic: string,
  partition: number,
): PartitionChange | 'ELECTION_NOT_NEEDED' | 'ELIGIBLE_LEADERS_NOT_AVAILABLE' {
  const t = c.topics[topic]!;
  const p = t.partitions[partition]!;
  if (p.zkVersion < 0) return 'ELIGIBLE_LEADERS_NOT_AVAILABLE';
  if (!hasOfflineLeader(c, p)) return 'ELECTION_NOT_NEEDED';
  const elected = electOffline(c, t.replicas[partition] ?? [], p, true);
  if (elected === null) return 'ELIGIBLE_LEADERS_NOT_AVAILABLE';
  return makeChange(
    topic,
    partition,
    p,
    { leader: elected.leader, leaderEpoch: p.leaderEpoch + 1, isr: elected.isr },
    elected.unclean ? 'unclean' : 'broker failure',
    elected.unclean ? 'unclean' : 'election',
  );
}

/**
 * KafkaController.checkAndTriggerAutoLeaderRebalance: for each broker, the share of the partitions it is
 * preferred leader of that it does not lead; above leader.imbalance.per.broker.percentage, every such
 * partition whose preferred replica can lead is moved back to it. Integer arithmetic: no float ratios.
 */
export function planAutoRebalance(c: ControllerContext, imbalancePercentage: number): PartitionChange[] {
  const byPreferred: Record<string, { topic: string; partition: number }[]> = {};
  for (const topic of sortedTopics(c)) {
    if (isDeleting(c, topic)) continue;
    const t = c.topics[topic]!;
    t.replicas.forEach((replicas, partition) => {
      const preferred = replicas[0];
      if (preferred === undefined || t.partitions[partition]!.zkVersion < 0) return;
      (byPreferred[String(preferred)] ??= []).push({ topic, partition });
    });
  }
  const out: PartitionChange[] = [];
  const brokers = Object.keys(byPreferred)
    .map(Number)
    .sort((a, b) => a - b);
  for (const b of brokers) {
    if (!isOnline(c, b)) continue;
    const preferredHere = byPreferred[String(b)]!;
    const notLed = preferredHere.filter((tp) => c.topics[tp.topic]!.partitions[tp.partition]!.leader !== b);
    if (notLed.length * 100 <= imbalancePercentage * preferredHere.length) continue;
    for (const tp of notLed) {
      const p = c.topics[tp.topic]!.partitions[tp.partition]!;
      // Only partitions whose current leader is alive: offline ones are the offline election's business.
      if (p.leader < 0 || !isLive(c, p.leader)) continue;
      const change = planPreferred(c, tp.topic, tp.partition);
      if (typeof change !== 'string') out.push(change);
    }
  }
  return out;
}
