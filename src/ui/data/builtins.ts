// The scenarios the playground offers out of the box. The quickstart is the project's; the others are
// the playground's own, each showing one story.
import quickstart from '../../scenario/builtins/quickstart.json';
import { TOURS } from '../../scenario/builtins/index';

export interface Builtin {
  id: string;
  title: string;
  scenario: unknown;
}

const rackBrokers = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    id: i + 1,
    rack: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'][i % 3]!,
  }));

export const BUILTINS: Builtin[] = [
  { id: 'quickstart', title: 'Quickstart: 3 brokers, a producer, a consumer group', scenario: quickstart },
  {
    id: 'empty',
    title: 'Empty cluster: 3 brokers, one producer (build it yourself)',
    scenario: {
      version: 1,
      name: 'An empty cluster',
      description: 'Three brokers in three racks and a producer. Create a topic and produce to it.',
      seed: 7,
      cluster: {
        brokers: rackBrokers(3),
        config: {
          'min.insync.replicas': 2,
          'zookeeper.session.timeout.ms': 6000,
          'replica.lag.time.max.ms': 10000,
        },
        network: { latencyMs: 2, jitterMs: 1 },
      },
      clients: [{ id: 'producer-1', type: 'producer', bootstrapServers: [1, 2, 3], config: { acks: 'all' } }],
    },
  },
  {
    id: 'busy',
    title: 'Busy cluster: 5 brokers, 3 topics x 6 partitions, 500 records/s',
    scenario: {
      version: 1,
      name: 'Busy cluster',
      description:
        'Five brokers, three topics of six partitions, three producers writing 500 records/s in all.',
      seed: 11,
      cluster: {
        brokers: rackBrokers(5),
        config: { 'min.insync.replicas': 2, 'zookeeper.session.timeout.ms': 6000 },
        network: { latencyMs: 2, jitterMs: 1 },
      },
      topics: ['orders', 'payments', 'clicks'].map((name) => ({ name, partitions: 6, replicationFactor: 3 })),
      clients: ['orders', 'payments', 'clicks'].map((t) => ({
        id: `${t}-producer`,
        type: 'producer',
        bootstrapServers: [1, 2, 3],
        config: { acks: 'all', 'linger.ms': 5 },
      })),
      actions: [
        {
          at: 1000,
          type: 'produce',
          client: 'orders-producer',
          topic: 'orders',
          key: 'order-{i}',
          value: 'o{i}',
          count: 20000,
          intervalMs: 6,
        },
        {
          at: 1000,
          type: 'produce',
          client: 'payments-producer',
          topic: 'payments',
          key: 'user-{i}',
          value: 'p{i}',
          count: 20000,
          intervalMs: 6,
        },
        {
          at: 1000,
          type: 'produce',
          client: 'clicks-producer',
          topic: 'clicks',
          key: null,
          value: 'c{i}',
          count: 20000,
          intervalMs: 6,
        },
      ],
    },
  },
  ...TOURS,
];
