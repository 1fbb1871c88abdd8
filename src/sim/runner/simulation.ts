// A running scenario: the world built from it, its scripted actions scheduled, and the views the CLI and
// the UI read. Everything the playground does to a cluster goes through here.
import type { Scenario } from '../../scenario/validate';
import type { ScenarioAction } from '../../scenario/schema';
import type { AnyNodeBehavior } from '../core/node';
import { ADMIN_NODE, ZK_NODE, brokerIdOf, brokerNode } from '../core/ids';
import { World } from '../net/world';
import { translateAction } from './actions';
import { brokerNodeSpec, clientNodeSpec } from './node-specs';
import { resolveScenario, type ResolvedScenario } from './resolve';
import type { SimResult } from './result';
import { coordinatorBehavior, znodeDataByPath, type ZkView } from '../coordinator/index';
import { brokerBehavior } from '../broker/broker';
import type { BrokerState } from '../broker/state';
import { producerBehavior } from '../clients/producer';
import { adminBehavior } from '../clients/admin';
import { consumerBehavior } from '../clients/consumer';
import { groupsView } from '../group/coordinator';
import { createClientCollector, type ClientCollector } from './collector';
import { partitionResults } from './partitions';
import { initialZnodes } from './initial-znodes';
import { GuaranteeChecker } from '../check/checker';
import { divergentReplicas } from '../check/replicas';

/** The behaviour of each node kind. */
export const BEHAVIORS: Record<string, AnyNodeBehavior> = {
  zk: coordinatorBehavior,
  broker: brokerBehavior,
  admin: adminBehavior,
  producer: producerBehavior,
  consumer: consumerBehavior,
};

export interface SimulationOptions {
  /** Run the guarantee checker (default true). Off only to measure what it costs. */
  checker?: boolean;
}

export class Simulation {
  readonly world: World;
  readonly resolved: ResolvedScenario;
  private readonly clients: ClientCollector = createClientCollector();
  readonly checker = new GuaranteeChecker();

  constructor(
    readonly scenario: Scenario,
    opts: SimulationOptions = {},
  ) {
    const rs = (this.resolved = resolveScenario(scenario));
    const racks: Record<string, string> = {};
    for (const b of rs.brokers) if (b.rack !== undefined) racks[brokerNode(b.id)] = b.rack;
    this.world = new World({ seed: rs.seed, network: rs.network, racks, behaviors: BEHAVIORS });
    const w = this.world;
    w.onJournal(this.clients.listener);
    if (opts.checker !== false) w.onJournal(this.checker.listener);
    // Start order matters only for ties at time 0: the coordinator first, as an operator would.
    w.addNode({ id: ZK_NODE, kind: 'zk', config: { initialZnodes: initialZnodes(rs) } });
    for (const b of rs.brokers) w.addNode(brokerNodeSpec(b.id, b.rack, rs));
    w.addNode({
      id: ADMIN_NODE,
      kind: 'admin',
      config: { brokers: rs.brokers.map((b) => b.id), topics: rs.topics },
    });
    for (const c of rs.clients) w.addNode(clientNodeSpec(c, rs));
    w.schedule(0, { type: 'start', node: ZK_NODE });
    for (const b of rs.brokers) w.schedule(0, { type: 'start', node: brokerNode(b.id) });
    w.schedule(0, { type: 'start', node: ADMIN_NODE });
    for (const c of rs.clients) if (c.autoStart !== false) w.schedule(0, { type: 'start', node: c.id });
    const actions = (scenario.actions ?? [])
      .map((a, i) => ({ a, i }))
      .sort((x, y) => x.a.at - y.a.at || x.i - y.i);
    for (const { a } of actions) this.schedule(a);
  }

  /** Schedules one scenario action (a scripted one, or one a user just took at the current time). */
  schedule(a: ScenarioAction): void {
    for (const t of translateAction(a, this.resolved)) this.world.schedule(t.at, t.action);
  }

  runUntil(until: number): void {
    this.world.runUntil(until);
  }

  result(): SimResult {
    const w = this.world;
    const brokers = Object.values(w.nodes)
      .filter((slot) => slot.spec.kind === 'broker')
      .map((slot) => {
        const id = brokerIdOf(slot.spec.id)!;
        const rack = w.network.racks[slot.spec.id];
        return { id, ...(rack !== undefined ? { rack } : {}), alive: slot.alive };
      })
      .sort((a, b) => a.id - b.id);
    const zk = w.view(ZK_NODE) as ZkView | null;
    const znodes = zk ? znodeDataByPath(zk) : {};
    const brokerStates: Record<number, BrokerState | null> = {};
    for (const b of brokers)
      brokerStates[b.id] = b.alive ? (w.nodes[brokerNode(b.id)]!.state as BrokerState) : null;
    const ctl = znodes['/controller'] as { brokerid?: number } | undefined;
    const controllerId = typeof ctl?.brokerid === 'number' ? ctl.brokerid : null;
    const clientIds = this.resolved.clients.map((c) => c.id);
    const partitions = partitionResults(znodes, brokerStates);
    const sortClients = <T extends { clientId: string }>(xs: T[]) =>
      xs.sort(
        (a, b) =>
          clientIds.indexOf(a.clientId) - clientIds.indexOf(b.clientId) ||
          a.clientId.localeCompare(b.clientId),
      );
    return {
      traceHash: w.traceHash(),
      time: w.now,
      seed: this.resolved.seed,
      controller: controllerId,
      brokers,
      znodes,
      partitions,
      groups: groupResults(brokerStates),
      producers: sortClients(Object.values(this.clients.producers)),
      consumers: sortClients(Object.values(this.clients.consumers)),
      violations: [...this.checker.violations(w.now), ...divergentReplicas(partitions, brokerStates, w.now)],
      events: w.steps,
    };
  }
}

/** Every group, from the broker that coordinates it now (the leader of its offsets partition). */
function groupResults(brokers: Record<number, BrokerState | null>): SimResult['groups'] {
  const out: Record<string, SimResult['groups'][number]> = {};
  for (const id of Object.keys(brokers).sort((a, b) => Number(a) - Number(b))) {
    const b = brokers[Number(id)];
    if (!b) continue;
    for (const g of groupsView(b)) {
      out[g.groupId] = {
        groupId: g.groupId,
        state: g.state,
        generation: g.generation,
        protocol: g.protocol,
        members: g.members,
        committedOffsets: g.committedOffsets,
      };
    }
  }
  return Object.keys(out)
    .sort()
    .map((k) => out[k]!);
}

/** Default virtual run length when neither the scenario nor the caller says. */
export const DEFAULT_UNTIL_MS = 60000;

/** Runs a validated scenario headlessly to `until` (default: the scenario's own, else 60 s). */
export function runScenario(
  scenario: Scenario,
  opts: { until?: number } & SimulationOptions = {},
): SimResult {
  const sim = new Simulation(scenario, opts);
  sim.runUntil(opts.until ?? scenario.until ?? DEFAULT_UNTIL_MS);
  return sim.result();
}
