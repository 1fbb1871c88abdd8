// What the controller shows: plain data for the UI and the headless result.
import type { ConfigValue } from '../../scenario/configs';
import type { TopicConfig } from '../protocol/controller';
import { liveBrokerIds, sortedTopics, topicConfig, type ControllerState } from './context';

export interface ControllerPartitionView {
  topic: string;
  partition: number;
  replicas: number[];
  /** -1: offline. */
  leader: number;
  leaderEpoch: number;
  isr: number[];
  /** The state znode's version (-1 before the znode exists). */
  partitionEpoch: number;
}

export interface ControllerView {
  brokerId: number;
  controllerEpoch: number;
  liveBrokers: { id: number; rack: string | null; epoch: number }[];
  shuttingDownBrokers: number[];
  partitions: ControllerPartitionView[];
  /** Per topic: the overrides stored in /config/topics/<topic>. */
  topicConfigs: Record<string, Record<string, string>>;
  topicsBeingDeleted: string[];
  /** The event being processed and the ones waiting, by kind (what the controller is busy with). */
  currentEvent: string | null;
  queuedEvents: string[];
}

export function controllerView(ctrl: ControllerState): ControllerView {
  const c = ctrl.context;
  const partitions: ControllerPartitionView[] = [];
  const topicConfigs: Record<string, Record<string, string>> = {};
  for (const topic of sortedTopics(c)) {
    const t = c.topics[topic]!;
    topicConfigs[topic] = { ...t.overrides };
    t.partitions.forEach((p, partition) =>
      partitions.push({
        topic,
        partition,
        replicas: [...(t.replicas[partition] ?? [])],
        leader: p.leader,
        leaderEpoch: p.leaderEpoch,
        isr: [...p.isr],
        partitionEpoch: p.zkVersion,
      }),
    );
  }
  return {
    brokerId: ctrl.brokerId,
    controllerEpoch: c.epoch,
    liveBrokers: liveBrokerIds(c).map((id) => ({ ...c.liveBrokers[String(id)]! })),
    shuttingDownBrokers: [...c.shuttingDownBrokerIds],
    partitions,
    topicConfigs,
    topicsBeingDeleted: Object.keys(c.topicsToBeDeleted).sort(),
    currentEvent: ctrl.current?.kind ?? null,
    queuedEvents: ctrl.queue.map((e) => e.kind),
  };
}

/** A topic's effective config (defaults, broker config, overrides) as the controller sends it. */
export function effectiveTopicConfig(
  ctrl: ControllerState,
  topic: string,
  brokerConfig: Record<string, ConfigValue>,
): TopicConfig | null {
  const t = ctrl.context.topics[topic];
  return t === undefined ? null : topicConfig(brokerConfig, t.overrides);
}
