// Seeded fault schedules for testing the cluster against Kafka's guarantees: broker kills and restarts,
// controlled shutdowns, network partitions, one-way cuts, latency spikes and consumer crashes, over a
// workload of keyed records read by a consumer group. Every schedule is a plain scenario, so a failing
// seed prints a file that replays it exactly.
import { Rng } from '../core/rng';
import type { Scenario } from '../../scenario/validate';
import type { ScenarioAction } from '../../scenario/schema';

export interface FaultProfile {
  /** acks for the producer: 'all' with idempotence is the safe setting. */
  acks: 'all' | '1';
  uncleanLeaderElection: boolean;
  faults: number;
  durationMs: number;
}

export const SAFE_PROFILE: FaultProfile = {
  acks: 'all',
  uncleanLeaderElection: false,
  faults: 6,
  durationMs: 24000,
};

export function faultScenario(seed: number, profile: FaultProfile = SAFE_PROFILE): Scenario {
  const rng = Rng.from(seed, 'fault-schedule');
  const brokers = [1, 2, 3];
  const nodes: (number | string)[] = [...brokers, 'zk', 'p1', 'c1', 'c2'];
  const actions: ScenarioAction[] = [
    {
      at: 1500,
      type: 'produce',
      client: 'p1',
      topic: 'orders',
      key: 'k{i}',
      value: 'v{i}',
      count: 150,
      intervalMs: 100,
    },
  ];
  const faultEnd = profile.durationMs - 8000; // leave time to heal and catch up before the end
  const down = new Set<number>();
  for (let i = 0; i < profile.faults; i++) {
    const at = rng.range(2000, faultEnd);
    const broker = rng.pick(brokers);
    switch (rng.int(7)) {
      case 0:
        actions.push(
          { at, type: 'killBroker', broker },
          { at: at + rng.range(1000, 6000), type: 'restartBroker', broker },
        );
        down.add(broker);
        break;
      case 1:
        actions.push(
          { at, type: 'shutdownBroker', broker },
          { at: at + rng.range(3000, 7000), type: 'restartBroker', broker },
        );
        break;
      case 2: {
        const side = rng.pick(nodes);
        actions.push({ at, type: 'partitionNetwork', groups: [[side], nodes.filter((n) => n !== side)] });
        actions.push({ at: at + rng.range(1000, 8000), type: 'healNetwork' });
        break;
      }
      case 3: {
        const from = rng.pick(nodes);
        const to = rng.pick(nodes.filter((n) => n !== from));
        actions.push(
          { at, type: 'cutLink', from, to, oneWay: true },
          { at: at + rng.range(1000, 6000), type: 'healNetwork' },
        );
        break;
      }
      case 4: {
        const a = rng.pick(nodes);
        const b = rng.pick(nodes.filter((n) => n !== a));
        actions.push({
          at,
          type: 'setLatency',
          between: [a, b],
          latencyMs: rng.range(20, 400),
          jitterMs: rng.range(0, 50),
        });
        actions.push({
          at: at + rng.range(1000, 6000),
          type: 'setLatency',
          between: [a, b],
          latencyMs: 2,
          jitterMs: 1,
        });
        break;
      }
      case 5: {
        const client = rng.pick(['c1', 'c2']);
        actions.push(
          { at, type: 'killClient', client },
          { at: at + rng.range(500, 5000), type: 'startClient', client },
        );
        break;
      }
      default:
        actions.push(
          { at, type: 'isolateNode', node: broker },
          { at: at + rng.range(1000, 9000), type: 'healNetwork' },
        );
    }
  }
  actions.push({ at: faultEnd + 1, type: 'healNetwork' });
  for (const b of brokers) actions.push({ at: faultEnd + 2, type: 'restartBroker', broker: b });
  for (const c of ['c1', 'c2']) actions.push({ at: faultEnd + 2, type: 'startClient', client: c });
  const consumer = (id: string) => ({
    id,
    type: 'consumer' as const,
    groupId: 'g',
    subscribe: ['orders'],
    bootstrapServers: brokers,
    config: {
      'auto.offset.reset': 'earliest',
      'session.timeout.ms': 6000,
      'heartbeat.interval.ms': 1000,
      'auto.commit.interval.ms': 1000,
    },
  });
  return {
    version: 1,
    name: `Fault schedule, seed ${seed}`,
    description: `acks=${profile.acks}, unclean.leader.election.enable=${profile.uncleanLeaderElection}, ${profile.faults} faults`,
    seed,
    until: profile.durationMs,
    cluster: {
      brokers: 3,
      config: {
        'min.insync.replicas': 2,
        'unclean.leader.election.enable': profile.uncleanLeaderElection,
        'zookeeper.session.timeout.ms': 4000,
        'replica.lag.time.max.ms': 3000,
        'offsets.topic.num.partitions': 3,
        'group.initial.rebalance.delay.ms': 0,
      },
    },
    topics: [{ name: 'orders', partitions: 2, replicationFactor: 3 }],
    clients: [
      {
        id: 'p1',
        type: 'producer',
        bootstrapServers: brokers,
        config: {
          acks: profile.acks,
          'enable.idempotence': profile.acks === 'all',
          'request.timeout.ms': 3000,
          'delivery.timeout.ms': 60000,
        },
      },
      consumer('c1'),
      consumer('c2'),
    ],
    actions,
  };
}
