// The built-in scenarios, in one list: the quickstart, then the guided tours (each a scenario with a
// `tour`, docs/SCENARIOS.md). The playground offers them by id (#builtin=<id>); each has a golden test in
// tours.test.ts that pins its trace hash and the facts its narration claims.
import quickstart from './quickstart.json';
import decoupled from './decoupled.json';
import keys from './keys.json';
import acks from './acks.json';
import failover from './failover.json';
import isr from './isr.json';
import unclean from './unclean.json';
import min_isr from './min-isr.json';
import groups from './groups.json';
import assignors from './assignors.json';
import processing_modes from './processing-modes.json';
import retention from './retention.json';
import compaction from './compaction.json';
import bootstrap from './bootstrap.json';
import zookeeper from './zookeeper.json';
import racks from './racks.json';

export interface BuiltinScenario {
  id: string;
  title: string;
  /** Plain JSON, validated when loaded. */
  scenario: unknown;
}

export const TOURS: readonly BuiltinScenario[] = [
  { id: 'decoupled', title: 'Tour: producers and consumers never meet', scenario: decoupled },
  { id: 'keys', title: 'Tour: same key, same partition; no order across partitions', scenario: keys },
  { id: 'acks', title: 'Tour: acks=0, 1 and all when the leader is cut off', scenario: acks },
  { id: 'failover', title: 'Tour: leader failover and LEADER_NOT_AVAILABLE', scenario: failover },
  { id: 'isr', title: 'Tour: the ISR shrinks and grows again', scenario: isr },
  { id: 'unclean', title: 'Tour: unclean leader election loses data', scenario: unclean },
  { id: 'min-isr', title: 'Tour: min.insync.replicas refuses writes', scenario: min_isr },
  { id: 'groups', title: 'Tour: fewer, equal and more consumers than partitions', scenario: groups },
  { id: 'assignors', title: 'Tour: rebalances and the assignors side by side', scenario: assignors },
  { id: 'processing-modes', title: 'Tour: at-most-once versus at-least-once', scenario: processing_modes },
  { id: 'retention', title: 'Tour: retention deletes old segments', scenario: retention },
  { id: 'compaction', title: 'Tour: compaction keeps the last value per key', scenario: compaction },
  { id: 'bootstrap', title: 'Tour: bootstrap.servers with a dead server', scenario: bootstrap },
  { id: 'zookeeper', title: 'Tour: ZooKeeper, controller failover and session expiry', scenario: zookeeper },
  { id: 'racks', title: 'Tour: a region loses a zone', scenario: racks },
];

export const QUICKSTART: BuiltinScenario = {
  id: 'quickstart',
  title: 'Quickstart: 3 brokers, a producer, a consumer group',
  scenario: quickstart,
};

/** Every built-in scenario shipped as a file. */
export const BUILTIN_SCENARIOS: readonly BuiltinScenario[] = [QUICKSTART, ...TOURS];
