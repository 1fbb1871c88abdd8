// kafka-load: a real cluster under load, opened like a fixture (?fixture=kafka-load) but built from a
// scenario, through Simulation, exactly as the CLI and the playground build one. The browser benchmark
// measures it in worker mode and in-process: ZooKeeper and 5 brokers, a topic of 6 partitions at
// replication factor 3 (min.insync.replicas 2), two producers with acks=all each sending a keyed
// 100-byte record every millisecond, and a consumer group of three reading everything.
import { validateScenario, type Scenario } from '../sim/index';

/** Virtual ms the producers keep producing; the run lasts a little longer. */
export const LOAD_PRODUCE_MS = 120_000;
const START_MS = 1_000;

const value = (what: string) => `${what} {i} `.padEnd(100, '.');

const consumer = (id: string) => ({
  id,
  type: 'consumer' as const,
  groupId: 'billing',
  subscribe: ['orders'],
  bootstrapServers: [1, 2, 3, 4, 5],
  config: { 'auto.offset.reset': 'earliest' },
});

const producer = (id: string, bootstrapServers: number[]) => ({
  id,
  type: 'producer' as const,
  bootstrapServers,
  config: { acks: 'all', 'linger.ms': 5 },
});

const produce = (client: string, key: string, what: string) => ({
  at: START_MS,
  type: 'produce' as const,
  client,
  topic: 'orders',
  key,
  value: value(what),
  count: LOAD_PRODUCE_MS,
  intervalMs: 1,
});

export function kafkaLoadScenario(): Scenario {
  const r = validateScenario({
    version: 1,
    name: 'Load: 5 brokers, 6 partitions at RF 3, two producers with acks=all, a consumer group',
    description:
      'Two producers each send a keyed 100-byte record every millisecond for two minutes; three consumers ' +
      'in one group read them all.',
    seed: 7,
    until: START_MS + LOAD_PRODUCE_MS + 10_000,
    cluster: {
      brokers: 5,
      config: {
        'min.insync.replicas': 2,
        'offsets.topic.num.partitions': 5,
        'group.initial.rebalance.delay.ms': 0,
      },
    },
    topics: [{ name: 'orders', partitions: 6, replicationFactor: 3 }],
    clients: [
      producer('checkout', [1, 2, 3]),
      producer('payments', [3, 4, 5]),
      consumer('billing-1'),
      consumer('billing-2'),
      consumer('billing-3'),
    ],
    actions: [produce('checkout', 'customer-{i}', 'order'), produce('payments', 'account-{i}', 'payment')],
  });
  if (!r.ok) throw new Error(`the kafka-load scenario is invalid: ${r.errors.join('; ')}`);
  return r.scenario;
}
