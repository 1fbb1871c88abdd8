// Fixture worlds, opened by name (the playground's ?fixture= route): small worlds built directly from
// node specs, for the browser benchmark and end-to-end tests of the runtime itself.
// - ping-cluster: a coordinator and 5 "brokers" that ping each other every millisecond: a busy cluster
//   whose every node writes its sent-ping count to disk, so recovery from disk is visible.
// - tick-cluster: the same shape, each node only ticking a 1 ms timer (a disk write per tick): no
//   messages at all, so in worker mode its pace is what the round trips to the workers alone cost.
// - batch-cluster: the same shape, each node sending every other a batch of 16 records of 100 bytes
//   every millisecond and checking each batch it gets with CRC-32C, as a broker validates a produce.
// - faulty-node: 3 pinging brokers, one of which throws at 500 ms.
// And one opened the same way but built from a scenario (a real cluster, through Simulation):
// - kafka-load: ZooKeeper and 5 brokers under steady produce and consume load (load-scenario.ts).
import { World } from '../sim/net/world';
import type { NodeSpec } from '../sim/core/node';
import { ZK_NODE, brokerNode } from '../sim/core/ids';
import { RUNTIME_BEHAVIORS } from './registry';
import type { Model } from './model';
import type { Intent } from './intents';
import type { ModelSource } from './model';
import { kafkaLoadScenario } from './load-scenario';

export const FIXTURE_NAMES = ['ping-cluster', 'tick-cluster', 'batch-cluster', 'faulty-node'] as const;
export type FixtureName = (typeof FIXTURE_NAMES)[number];

export function isFixtureName(name: string): name is FixtureName {
  return (FIXTURE_NAMES as readonly string[]).includes(name);
}

/** Fixtures that are scenarios: they run through Simulation like any scenario. */
const SCENARIO_FIXTURES = { 'kafka-load': kafkaLoadScenario } as const;

/** Every name ?fixture= accepts. */
export const FIXTURE_SOURCE_NAMES: readonly string[] = [...FIXTURE_NAMES, ...Object.keys(SCENARIO_FIXTURES)];

/** What a fixture name opens: a fixture world, or a scenario; undefined for an unknown name. */
export function fixtureSource(name: string): ModelSource | undefined {
  if (isFixtureName(name)) return { fixture: name };
  if (Object.hasOwn(SCENARIO_FIXTURES, name))
    return { scenario: SCENARIO_FIXTURES[name as keyof typeof SCENARIO_FIXTURES]() };
  return undefined;
}

function batchWorld(seed: number, brokers: number): World {
  const ids = [ZK_NODE, ...Array.from({ length: brokers }, (_, i) => brokerNode(i + 1))];
  const world = new World({
    seed,
    network: { latencyMs: 2, jitterMs: 1, dropNum: 0, dropDen: 1 },
    behaviors: RUNTIME_BEHAVIORS,
  });
  for (const id of ids) {
    const config = {
      peers: ids.filter((p) => p !== id),
      intervalMs: 1,
      recordsPerBatch: 16,
      recordBytes: 100,
    };
    world.addNode({ id, kind: 'batch-sender', config });
    world.schedule(0, { type: 'start', node: id });
  }
  return world;
}

function pingWorld(
  seed: number,
  brokers: number,
  intervalMs: number,
  opts: { faultyAtMs?: number; silent?: boolean } = {},
): World {
  const { faultyAtMs, silent = false } = opts;
  const ids = [ZK_NODE, ...Array.from({ length: brokers }, (_, i) => brokerNode(i + 1))];
  const world = new World({
    seed,
    network: { latencyMs: 2, jitterMs: 1, dropNum: 0, dropDen: 1 },
    behaviors: RUNTIME_BEHAVIORS,
  });
  ids.forEach((id, i) => {
    const faulty = faultyAtMs !== undefined && i === ids.length - 1;
    const config = { peers: silent ? [] : ids.filter((p) => p !== id), intervalMs, intervalJitterMs: 0 };
    const spec: NodeSpec = faulty
      ? { id, kind: 'faulty', config: { ...config, failAtMs: faultyAtMs } }
      : { id, kind: 'pinger', config };
    world.addNode(spec);
    world.schedule(0, { type: 'start', node: id });
  });
  return world;
}

export function buildFixture(name: FixtureName): Model {
  const world =
    name === 'ping-cluster'
      ? pingWorld(1, 5, 1)
      : name === 'tick-cluster'
        ? pingWorld(1, 5, 1, { silent: true })
        : name === 'batch-cluster'
          ? batchWorld(3, 5)
          : pingWorld(2, 3, 50, { faultyAtMs: 500 });
  return {
    world,
    // tick-cluster runs so fast in-process that a benchmark would reach the end of 10 minutes
    until: name === 'faulty-node' ? 60_000 : name === 'tick-cluster' ? 3_600_000 : 600_000,
    schedule: (intent) => scheduleNodeIntent(world, intent),
  };
}

/** Node intents, and killBroker/restartBroker, for worlds that are not built from a scenario. */
export function scheduleNodeIntent(world: World, intent: Intent): void {
  switch (intent.type) {
    case 'crashNode':
      return world.schedule(world.now, { type: 'crash', node: intent.node });
    case 'restartNode':
      return world.schedule(world.now, { type: 'restart', node: intent.node });
    case 'killBroker':
      return world.schedule(world.now, { type: 'crash', node: brokerNode(intent.broker) });
    case 'restartBroker':
      return world.schedule(world.now, { type: 'restart', node: brokerNode(intent.broker) });
    default:
      throw new Error(`${intent.type} needs a scenario; this world is a fixture`);
  }
}
