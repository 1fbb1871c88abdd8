// Requests brokers and admins send to the controller: AlterPartition (KIP-497), ControlledShutdown and
// ElectLeaders (KIP-460), and the periodic automatic preferred-leader election
// (KafkaController.processAlterPartition, doControlledShutdown, processReplicaLeaderElection,
// checkAndTriggerAutoLeaderRebalance).
import type { KafkaError } from '../protocol/errors';
import type { AlterPartitionResponse, TopicPartition } from '../protocol/controller';
import {
  allPartitions,
  brokerBool,
  brokerInt,
  isDeleting,
  isOnline,
  type ControllerEvent,
  type ControllerState,
  type PartitionChange,
} from './context';
import { beginWrites, sendChanges, type ControllerIo } from './engine';
import {
  makeChange,
  planAutoRebalance,
  planControlledShutdown,
  planPreferred,
  planUnclean,
} from './election';
import { sendStopReplica, sendUpdateMetadata } from './channel';
import { armAutoRebalance } from './brokers';

const findChange = (changes: PartitionChange[], tp: TopicPartition) =>
  changes.find((ch) => ch.topic === tp.topic && ch.partition === tp.partition);

/**
 * AlterPartition from a partition leader: the broker epoch must be the registered one
 * (STALE_BROKER_EPOCH), the sender must lead (NOT_LEADER_OR_FOLLOWER) at the current leader epoch
 * (FENCED_LEADER_EPOCH), and the partitionEpoch must be the state znode's version (INVALID_UPDATE_VERSION:
 * the compare-and-set). New ISR members must be live replicas (INELIGIBLE_REPLICA in Kafka 3.3+; this
 * error table has no such name, so INVALID_REQUEST). The ISR is written without bumping leader_epoch, the
 * leader gets the committed state with its new partitionEpoch, and every broker an UpdateMetadata.
 */
export function runAlterPartition(
  ctrl: ControllerState,
  io: ControllerIo,
  ev: ControllerEvent & { kind: 'AlterPartition' },
): void {
  const c = ctrl.context;
  const req = ev.request;
  switch (ev.step) {
    case 'start': {
      const broker = c.liveBrokers[String(req.brokerId)];
      if (broker === undefined || broker.epoch !== req.brokerEpoch) {
        respondAlterPartition(io, ev, 'STALE_BROKER_EPOCH', []);
        return;
      }
      ev.errors = req.partitions.map((x): KafkaError | null => {
        const t = c.topics[x.topic];
        const p = t?.partitions[x.partition];
        if (t === undefined || p === undefined || p.zkVersion < 0 || isDeleting(c, x.topic))
          return 'UNKNOWN_TOPIC_OR_PARTITION';
        if (p.leader !== req.brokerId) return 'NOT_LEADER_OR_FOLLOWER';
        if (x.leaderEpoch !== p.leaderEpoch) return 'FENCED_LEADER_EPOCH';
        const same = x.newIsr.length === p.isr.length && x.newIsr.every((r, i) => r === p.isr[i]);
        if (same) return null; // already so: answered with the current state, nothing written
        if (x.partitionEpoch !== p.zkVersion) return 'INVALID_UPDATE_VERSION';
        const replicas = t.replicas[x.partition] ?? [];
        const eligible = (r: number) => replicas.includes(r) && isOnline(c, r);
        if (x.newIsr.length === 0 || !x.newIsr.includes(p.leader) || x.newIsr.some((r) => !eligible(r)))
          return 'INVALID_REQUEST';
        ev.changes.push(
          makeChange(
            x.topic,
            x.partition,
            p,
            { leader: p.leader, leaderEpoch: p.leaderEpoch, isr: [...x.newIsr] },
            null,
            'AlterPartition',
          ),
        );
        return null;
      });
      beginWrites(ctrl, io, ev, 'finish');
      return;
    }
    case 'finish': {
      const partitions: AlterPartitionResponse['partitions'] = req.partitions.map((x, i) => {
        const p = c.topics[x.topic]?.partitions[x.partition];
        const change = findChange(ev.changes, x);
        let errorCode: KafkaError = ev.errors[i] ?? 'NONE';
        if (change !== undefined && change.outcome !== 'ok') errorCode = 'INVALID_UPDATE_VERSION';
        return {
          topic: x.topic,
          partition: x.partition,
          errorCode,
          leader: p?.leader ?? -1,
          leaderEpoch: p?.leaderEpoch ?? -1,
          isr: p ? [...p.isr] : [],
          partitionEpoch: p?.zkVersion ?? -1,
        };
      });
      respondAlterPartition(io, ev, 'NONE', partitions);
      // ZooKeeper mode: an ISR change from the leader needs no LeaderAndIsr, only fresh metadata everywhere.
      const ok = ev.changes.filter((ch) => ch.outcome === 'ok');
      if (ok.length > 0)
        sendUpdateMetadata(
          ctrl,
          io,
          ok.map((ch) => ({ topic: ch.topic, partition: ch.partition })),
        );
      return;
    }
  }
}

function respondAlterPartition(
  io: ControllerIo,
  ev: ControllerEvent & { kind: 'AlterPartition' },
  errorCode: KafkaError,
  partitions: AlterPartitionResponse['partitions'],
): void {
  const response: AlterPartitionResponse = {
    type: 'AlterPartitionResponse',
    correlationId: ev.request.correlationId,
    errorCode,
    partitions,
  };
  io.ctx.send(ev.from, response);
  ev.step = 'done';
}

/**
 * ControlledShutdown (KafkaController.doControlledShutdown): the broker is marked shutting down; leadership
 * of its partitions with RF > 1 moves to another ISR member, it leaves the ISRs it follows in and gets
 * StopReplica(deletePartition=false) for them; the answer lists the partitions it still leads.
 */
export function runControlledShutdown(
  ctrl: ControllerState,
  io: ControllerIo,
  ev: ControllerEvent & { kind: 'ControlledShutdown' },
): void {
  const c = ctrl.context;
  const id = ev.request.brokerId;
  switch (ev.step) {
    case 'start': {
      const broker = c.liveBrokers[String(id)];
      if (broker === undefined) ev.error = 'BROKER_NOT_AVAILABLE';
      else if (ev.request.brokerEpoch < broker.epoch) ev.error = 'STALE_BROKER_EPOCH';
      if (ev.error !== null) {
        io.ctx.send(ev.from, {
          type: 'ControlledShutdownResponse',
          correlationId: ev.request.correlationId,
          errorCode: ev.error,
          remainingPartitions: [],
        });
        ev.step = 'done';
        return;
      }
      if (!c.shuttingDownBrokerIds.includes(id)) {
        c.shuttingDownBrokerIds = [...c.shuttingDownBrokerIds, id].sort((a, b) => a - b);
        io.ctx.record({ type: 'broker.shuttingDown', brokerId: id });
      }
      ev.changes = planControlledShutdown(c, id);
      beginWrites(ctrl, io, ev, 'finish');
      return;
    }
    case 'finish': {
      sendChanges(ctrl, io, ev.changes);
      const followed: TopicPartition[] = [];
      const remaining: TopicPartition[] = [];
      for (const tp of allPartitions(c)) {
        if (isDeleting(c, tp.topic)) continue;
        const replicas = c.topics[tp.topic]!.replicas[tp.partition] ?? [];
        const p = c.topics[tp.topic]!.partitions[tp.partition]!;
        if (replicas.length <= 1 || !replicas.includes(id) || p.zkVersion < 0) continue;
        if (p.leader === id) remaining.push(tp);
        else followed.push(tp);
      }
      sendStopReplica(ctrl, io, id, followed, false);
      io.ctx.send(ev.from, {
        type: 'ControlledShutdownResponse',
        correlationId: ev.request.correlationId,
        errorCode: 'NONE',
        remainingPartitions: remaining,
      });
      ev.step = 'done';
      return;
    }
  }
}

/**
 * ElectLeaders: PREFERRED moves leadership to replicas[0] where it is alive and in the ISR
 * (ELECTION_NOT_NEEDED if it already leads, PREFERRED_LEADER_NOT_AVAILABLE if it cannot); UNCLEAN elects
 * partitions without a live leader, out-of-sync replicas included (ELIGIBLE_LEADERS_NOT_AVAILABLE if none).
 */
export function runElectLeaders(
  ctrl: ControllerState,
  io: ControllerIo,
  ev: ControllerEvent & { kind: 'ElectLeaders' },
): void {
  const c = ctrl.context;
  switch (ev.step) {
    case 'start': {
      const tps = ev.request.topicPartitions ?? allPartitions(c).filter((tp) => !isDeleting(c, tp.topic));
      ev.results = tps.map((tp) => {
        const result = (errorCode: KafkaError, errorMessage: string | null) => ({
          topic: tp.topic,
          partition: tp.partition,
          errorCode,
          errorMessage,
        });
        const p = c.topics[tp.topic]?.partitions[tp.partition];
        if (p === undefined || isDeleting(c, tp.topic))
          return result('UNKNOWN_TOPIC_OR_PARTITION', 'The partition does not exist.');
        const plan =
          ev.request.electionType === 'PREFERRED'
            ? planPreferred(c, tp.topic, tp.partition)
            : planUnclean(c, tp.topic, tp.partition);
        if (typeof plan === 'string') {
          const messages: Record<string, string> = {
            ELECTION_NOT_NEEDED: 'Leader election not needed for topic partition.',
            PREFERRED_LEADER_NOT_AVAILABLE: `Failed to elect leader for partition ${tp.topic}-${tp.partition} under strategy PreferredReplicaPartitionLeaderElectionStrategy`,
            ELIGIBLE_LEADERS_NOT_AVAILABLE: `Failed to elect leader for partition ${tp.topic}-${tp.partition} under strategy OfflinePartitionLeaderElectionStrategy(true)`,
          };
          return result(plan, messages[plan] ?? null);
        }
        if (!findChange(ev.changes, tp)) ev.changes.push(plan);
        return result('NONE', null);
      });
      beginWrites(ctrl, io, ev, 'finish');
      return;
    }
    case 'finish':
      for (const r of ev.results) {
        const change = findChange(ev.changes, r);
        if (change !== undefined && change.outcome !== 'ok') {
          r.errorCode = 'UNKNOWN_SERVER_ERROR';
          r.errorMessage = 'The partition state changed while electing';
        }
      }
      sendChanges(ctrl, io, ev.changes);
      io.ctx.send(ev.from, {
        type: 'ElectLeadersResponse',
        correlationId: ev.request.correlationId,
        errorCode: 'NONE',
        results: ev.results,
      });
      ev.step = 'done';
      return;
  }
}

/** AutoPreferredReplicaLeaderElection: the periodic check, then the next one is scheduled. */
export function runAutoRebalance(
  ctrl: ControllerState,
  io: ControllerIo,
  ev: ControllerEvent & { kind: 'AutoRebalance' },
): void {
  switch (ev.step) {
    case 'start':
      if (brokerBool(io.brokerConfig, 'auto.leader.rebalance.enable'))
        ev.changes = planAutoRebalance(
          ctrl.context,
          brokerInt(io.brokerConfig, 'leader.imbalance.per.broker.percentage'),
        );
      beginWrites(ctrl, io, ev, 'finish');
      return;
    case 'finish':
      sendChanges(ctrl, io, ev.changes);
      armAutoRebalance(io, brokerInt(io.brokerConfig, 'leader.imbalance.check.interval.seconds') * 1000);
      ev.step = 'done';
      return;
  }
}
