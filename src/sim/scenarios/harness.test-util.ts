// Test helpers for scenario files: load one, add actions, run it through the public API, and read what a
// test needs from the result (or, for replica-level facts, from the running Simulation).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Simulation, runScenario, validateScenario, type Scenario, type SimResult } from '../index';
import type { ScenarioAction } from '../../scenario/schema';
import type { BrokerState } from '../broker/state';
import { brokerNode } from '../core/ids';
import { tpKey } from '../broker/partition';

export function loadScenario(name: string): Scenario {
  const json = JSON.parse(
    readFileSync(join(dirname(fileURLToPath(import.meta.url)), name), 'utf8'),
  ) as unknown;
  const r = validateScenario(json);
  if (!r.ok) throw new Error(`${name}: ${r.errors.join('; ')}`);
  return r.scenario;
}

export function withActions(s: Scenario, ...actions: ScenarioAction[]): Scenario {
  const copy = structuredClone(s);
  copy.actions = [...(copy.actions ?? []), ...actions];
  const r = validateScenario(copy);
  if (!r.ok) throw new Error(r.errors.join('; '));
  return r.scenario;
}

export function withTopicConfig(s: Scenario, topic: string, config: Record<string, unknown>): Scenario {
  const copy = structuredClone(s);
  const t = copy.topics!.find((x) => x.name === topic)!;
  t.config = { ...t.config, ...config };
  return copy;
}

export function partitionOf(r: SimResult, topic: string, partition = 0) {
  const p = r.partitions.find((x) => x.topic === topic && x.partition === partition);
  if (!p) throw new Error(`no partition ${topic}-${partition} in the result at ${r.time}`);
  return p;
}

/** The state of topic-partition at `until`, from a run stopped there. */
export function stateAt(s: Scenario, until: number, topic: string, partition = 0) {
  return partitionOf(runScenario(s, { until }), topic, partition);
}

/** Each live replica's records (offset, key, value) below its own HW... and above: the whole log. */
export function replicaLogs(
  sim: Simulation,
  topic: string,
  partition = 0,
): Record<number, { offset: number; key: string | null; value: string | null }[]> {
  const out: Record<number, { offset: number; key: string | null; value: string | null }[]> = {};
  for (const slot of Object.values(sim.world.nodes)) {
    if (slot.spec.kind !== 'broker' || !slot.alive) continue;
    const b = slot.state as BrokerState;
    const p = b.partitions[tpKey(topic, partition)];
    if (!p) continue;
    out[b.brokerId] = p.log.segments.flatMap((seg) =>
      seg.batches.flatMap((bt) => bt.records.map((r) => ({ offset: r.offset, key: r.key, value: r.value }))),
    );
  }
  return out;
}

export interface RecordedEvent {
  time: number;
  node: string;
  type: string;
  [field: string]: unknown;
}

/** Runs a scenario to `until` (default: its own), keeping every recorded event. */
export function run(
  s: Scenario,
  until?: number,
): { sim: Simulation; result: SimResult; events: RecordedEvent[] } {
  const sim = new Simulation(s);
  const events: RecordedEvent[] = [];
  sim.world.onJournal((e) => {
    if (e.kind === 'event') events.push({ ...e.event, time: e.time, node: e.node });
  });
  sim.runUntil(until ?? s.until ?? 60000);
  return { sim, result: sim.result(), events };
}

export function brokerState(sim: Simulation, id: number): BrokerState | null {
  const slot = sim.world.nodes[brokerNode(id)];
  return slot?.alive ? (slot.state as BrokerState) : null;
}
