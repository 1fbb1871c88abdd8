// Scenario actions as world actions: a produce becomes commands to its producer (one per record, with
// `{i}` filled in), a broker kill a crash, a partition a network op. Pure translation, no decisions.
import type { ScenarioAction } from '../../scenario/schema';
import { copyMutable, deepFreeze } from '../core/clone';
import { ADMIN_NODE, ZK_NODE, brokerNode, nodeRefToId } from '../core/ids';
import type { WorldAction } from '../net/world';
import { clientNodeSpec, brokerNodeSpec } from './node-specs';
import type { ResolvedScenario } from './resolve';

export interface TimedAction {
  at: number;
  action: WorldAction;
}

const fill = (template: string | null, i: number): string | null =>
  template === null ? null : template.replaceAll('{i}', String(i));

/**
 * The world actions of one scenario action. They are frozen: the world never changes a scheduled action,
 * so checkpoints share the queued ones (a produce with a count schedules thousands) instead of copying.
 * What they hold of the scenario (or of the resolved scenario) is copied first, so that freezing them
 * freezes nothing of the caller's.
 */
export function translateAction(a: ScenarioAction, rs: ResolvedScenario): TimedAction[] {
  const actions = translate(a, rs);
  if (a.type === 'produce') {
    // Every command is a new object; only the headers are the scenario's: copied once, shared by all.
    const headers = a.headers ? deepFreeze(copyMutable(a.headers)) : undefined;
    for (const t of actions) {
      const command = (t.action as Extract<WorldAction, { type: 'command' }>).command as {
        headers?: unknown;
      };
      if (headers) command.headers = headers;
      deepFreeze(t.action);
    }
  } else for (const t of actions) t.action = deepFreeze(copyMutable(t.action));
  return actions;
}

function translate(a: ScenarioAction, rs: ResolvedScenario): TimedAction[] {
  const one = (action: WorldAction): TimedAction[] => [{ at: a.at, action }];
  switch (a.type) {
    case 'produce': {
      const count = a.count ?? 1;
      const interval = a.intervalMs ?? 0;
      const out: TimedAction[] = [];
      for (let i = 0; i < count; i++) {
        const command = {
          type: 'produce',
          topic: a.topic,
          key: fill(a.key, i),
          value: fill(a.value, i),
          ...(a.headers ? { headers: a.headers } : {}),
          ...(a.partition !== undefined ? { partition: a.partition } : {}),
        };
        out.push({ at: a.at + i * interval, action: { type: 'command', node: a.client, command } });
      }
      return out;
    }
    case 'createTopic': {
      const { at: _at, type: _t, ...topic } = a;
      return one({ type: 'command', node: ADMIN_NODE, command: { type: 'createTopic', topic } });
    }
    case 'deleteTopic':
      return one({ type: 'command', node: ADMIN_NODE, command: { type: 'deleteTopic', topic: a.topic } });
    case 'electPreferredLeaders':
      return one({
        type: 'command',
        node: ADMIN_NODE,
        command: { type: 'electPreferredLeaders', partitions: a.partitions ?? null },
      });
    case 'resetOffsets':
      return one({
        type: 'command',
        node: ADMIN_NODE,
        command: { type: 'resetOffsets', group: a.group, topic: a.topic, to: a.to },
      });
    case 'killBroker':
      return one({ type: 'crash', node: brokerNode(a.broker) });
    case 'restartBroker':
      return one({ type: 'restart', node: brokerNode(a.broker) });
    case 'shutdownBroker':
      return one({ type: 'command', node: brokerNode(a.broker), command: { type: 'controlledShutdown' } });
    case 'addBroker': {
      const spec = brokerNodeSpec(a.broker, a.rack, rs);
      return [
        { at: a.at, action: { type: 'add', spec, ...(a.rack !== undefined ? { rack: a.rack } : {}) } },
        { at: a.at, action: { type: 'start', node: spec.id } },
      ];
    }
    case 'killCoordinator':
      return one({ type: 'crash', node: ZK_NODE });
    case 'restartCoordinator':
      return one({ type: 'restart', node: ZK_NODE });
    case 'partitionNetwork':
      return one({ type: 'net', op: { op: 'partition', groups: a.groups.map((g) => g.map(nodeRefToId)) } });
    case 'healNetwork':
      return one({ type: 'net', op: { op: 'heal' } });
    case 'isolateNode':
      return one({ type: 'net', op: { op: 'isolate', node: nodeRefToId(a.node) } });
    case 'cutLink':
      return one({
        type: 'net',
        op: { op: 'cut', from: nodeRefToId(a.from), to: nodeRefToId(a.to), oneWay: a.oneWay ?? false },
      });
    case 'setLatency': {
      const params = {
        latencyMs: a.latencyMs,
        ...(a.jitterMs !== undefined ? { jitterMs: a.jitterMs } : {}),
      };
      const [x, y] = a.between;
      return one({
        type: 'net',
        op: a.racks
          ? { op: 'setRackLink', from: String(x), to: String(y), params, oneWay: a.oneWay ?? false }
          : { op: 'setLink', from: nodeRefToId(x), to: nodeRefToId(y), params, oneWay: a.oneWay ?? false },
      });
    }
    case 'killClient':
      return one({ type: 'crash', node: a.client });
    case 'startClient':
      return one({ type: 'start', node: a.client });
    case 'stopClient':
      return one({ type: 'command', node: a.client, command: { type: 'close' } });
    case 'addClient': {
      const spec = clientNodeSpec(a.client, rs);
      return [
        { at: a.at, action: { type: 'add', spec } },
        { at: a.at, action: { type: 'start', node: spec.id } },
      ];
    }
    case 'commitOffsets':
      return one({ type: 'command', node: a.client, command: { type: 'commitOffsets' } });
  }
}
