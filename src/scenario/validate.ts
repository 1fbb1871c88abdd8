// Scenario validation: structure (schema.ts), then meaning: ids that exist, Kafka's topic rules, config
// names and values. Every error names its path (`actions[3].broker: no broker 7`). Nothing is half-loaded:
// either the whole scenario is valid, or the caller gets every error and no scenario.
import type { z } from 'zod';
import { ScenarioSchema, type ScenarioInput, type ClientSpecInput, type NodeRef } from './schema';
import {
  BROKER_CONFIGS,
  CONSUMER_CONFIGS,
  PRODUCER_CONFIGS,
  TOPIC_CONFIGS,
  checkConfigValue,
  type ConfigDef,
} from './configs';
import { topicNameError } from './topic-name';
import { migrateScenario } from './migrations';

export type Scenario = ScenarioInput;
export type ValidationResult = { ok: true; scenario: Scenario } | { ok: false; errors: string[] };

/** Scenario files and share URLs above this size are refused before parsing. */
export const MAX_SCENARIO_BYTES = 5 * 1024 * 1024;

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out === '' ? '(scenario)' : out;
}

function describeIssue(issue: z.core.$ZodIssue, base: readonly PropertyKey[] = []): string[] {
  const path = [...base, ...issue.path];
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((k) => `${formatPath([...path, k])}: unknown field`);
    case 'invalid_union': {
      if ('discriminator' in issue && issue.discriminator) {
        const opts = (issue as { options?: unknown[] }).options ?? [];
        return [
          `${formatPath(path)}: unknown ${issue.discriminator}; expected one of ${opts.map(String).join(', ')}`,
        ];
      }
      // Report the branch that got furthest: the one whose first error is deepest.
      const branches = issue.errors.filter((b) => b.length > 0);
      if (branches.length === 0) return [`${formatPath(path)}: ${issue.message}`];
      const depth = (b: z.core.$ZodIssue[]) => Math.max(...b.map((i) => i.path.length));
      const best = branches.reduce((a, b) => (depth(b) > depth(a) ? b : a));
      if (depth(best) === 0) {
        const wanted = branches.map((b) => (b[0] && 'expected' in b[0] ? String(b[0].expected) : '?'));
        return [`${formatPath(path)}: expected ${wanted.join(' or ')}`];
      }
      return best.flatMap((i) => describeIssue(i, path));
    }
    case 'invalid_type': {
      const got =
        issue.input === undefined
          ? 'nothing (a required field is missing)'
          : JSON.stringify(issue.input)?.slice(0, 40);
      return [`${formatPath(path)}: expected ${issue.expected}, got ${got}`];
    }
    default:
      return [`${formatPath(path)}: ${issue.message}`];
  }
}

/** `__proto__` keys would be dropped silently by object handling; name them instead. */
function forbiddenKeys(v: unknown, path: PropertyKey[], out: string[], depth = 0): void {
  if (v === null || typeof v !== 'object' || depth > 64 || out.length > 20) return;
  if (Array.isArray(v)) {
    v.forEach((x, i) => forbiddenKeys(x, [...path, i], out, depth + 1));
    return;
  }
  for (const k of Object.keys(v)) {
    if (k === '__proto__') out.push(`${formatPath([...path, k])}: forbidden key`);
    else forbiddenKeys((v as Record<string, unknown>)[k], [...path, k], out, depth + 1);
  }
}

/** Validates a parsed JSON value. */
export function validateScenario(input: unknown): ValidationResult {
  const forbidden: string[] = [];
  forbiddenKeys(input, [], forbidden);
  if (forbidden.length) return { ok: false, errors: forbidden };
  const migrated = migrateScenario(input);
  if (!migrated.ok) return { ok: false, errors: [migrated.error] };
  const parsed = ScenarioSchema.safeParse(migrated.value);
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.flatMap((i) => describeIssue(i)) };
  const errors = checkMeaning(parsed.data);
  return errors.length ? { ok: false, errors } : { ok: true, scenario: parsed.data };
}

/** Validates scenario text (a file's content). */
export function parseScenario(text: string): ValidationResult {
  if (text.length > MAX_SCENARIO_BYTES) {
    return {
      ok: false,
      errors: [`(scenario): too large (${text.length} bytes; the limit is ${MAX_SCENARIO_BYTES})`],
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, errors: [`(scenario): not valid JSON: ${(e as Error).message}`] };
  }
  return validateScenario(json);
}

function checkConfigs(
  errors: string[],
  path: string,
  config: Record<string, unknown> | undefined,
  table: Record<string, ConfigDef>,
  what: string,
): void {
  for (const [name, value] of Object.entries(config ?? {})) {
    const def = Object.hasOwn(table, name) ? table[name] : undefined;
    if (!def) {
      errors.push(`${path}.${name}: unknown ${what} config`);
      continue;
    }
    const r = checkConfigValue(name, def, value);
    if ('error' in r) errors.push(`${path}.${name}: ${r.error}`);
  }
}

/** Broker ids in the scenario's starting cluster. */
export function brokerIds(s: Scenario): number[] {
  const b = s.cluster.brokers;
  return typeof b === 'number' ? Array.from({ length: b }, (_, i) => i + 1) : b.map((x) => x.id);
}

function checkClient(errors: string[], path: string, c: ClientSpecInput, brokers: Set<number>): void {
  if (c.id === 'zk' || c.id === 'admin' || /^broker-\d+$/.test(c.id))
    errors.push(`${path}.id: "${c.id}" is reserved for the cluster's own nodes`);
  c.bootstrapServers.forEach((b, i) => {
    if (!brokers.has(b)) errors.push(`${path}.bootstrapServers[${i}]: no broker ${b}`);
  });
  if (c.type === 'producer') {
    if (c.groupId !== undefined) errors.push(`${path}.groupId: a producer has no group`);
    if (c.subscribe !== undefined) errors.push(`${path}.subscribe: a producer does not subscribe`);
    if (c.processing !== undefined) errors.push(`${path}.processing: only consumers process records`);
    checkConfigs(errors, `${path}.config`, c.config, PRODUCER_CONFIGS, 'producer');
  } else {
    if (c.groupId === undefined) errors.push(`${path}.groupId: a consumer needs a group.id`);
    if (c.subscribe === undefined) errors.push(`${path}.subscribe: a consumer needs topics to subscribe to`);
    c.subscribe?.forEach((t, i) => {
      const err = topicNameError(t);
      if (err) errors.push(`${path}.subscribe[${i}]: ${err}`);
    });
    checkConfigs(errors, `${path}.config`, c.config, CONSUMER_CONFIGS, 'consumer');
  }
}

function checkMeaning(s: Scenario): string[] {
  const errors: string[] = [];
  const brokers = new Set<number>();
  if (Array.isArray(s.cluster.brokers)) {
    s.cluster.brokers.forEach((b, i) => {
      if (brokers.has(b.id)) errors.push(`cluster.brokers[${i}].id: broker ${b.id} is listed twice`);
      brokers.add(b.id);
    });
  } else for (const id of brokerIds(s)) brokers.add(id);
  checkConfigs(errors, 'cluster.config', s.cluster.config, BROKER_CONFIGS, 'broker');
  const drop = s.cluster.network?.dropRatio;
  if (drop && drop[0] > drop[1])
    errors.push(`cluster.network.dropRatio: ${drop[0]}/${drop[1]} is more than 1`);

  const topics = new Set<string>();
  (s.topics ?? []).forEach((t, i) => {
    const p = `topics[${i}]`;
    const nameErr = topicNameError(t.name);
    if (nameErr) errors.push(`${p}.name: ${nameErr}`);
    if (topics.has(t.name)) errors.push(`${p}.name: TOPIC_ALREADY_EXISTS: topic '${t.name}' is listed twice`);
    topics.add(t.name);
    if (t.replicationFactor > brokers.size) {
      errors.push(
        `${p}.replicationFactor: INVALID_REPLICATION_FACTOR: replication factor ${t.replicationFactor} is larger than the ${brokers.size} available brokers`,
      );
    }
    checkConfigs(errors, `${p}.config`, t.config, TOPIC_CONFIGS, 'topic');
  });

  const clients = new Map<string, ClientSpecInput>();
  (s.clients ?? []).forEach((c, i) => {
    if (clients.has(c.id)) errors.push(`clients[${i}].id: client ${c.id} is listed twice`);
    clients.set(c.id, c);
    checkClient(errors, `clients[${i}]`, c, brokers);
  });

  // Actions are checked in time order, so an addBroker/addClient makes its id known to later actions.
  const order = (s.actions ?? []).map((a, i) => ({ a, i })).sort((x, y) => x.a.at - y.a.at || x.i - y.i);
  const nodeKnown = (n: NodeRef) => (typeof n === 'number' ? brokers.has(n) : n === 'zk' || clients.has(n));
  const checkNode = (path: string, n: NodeRef) => {
    if (!nodeKnown(n))
      errors.push(`${path}: no ${typeof n === 'number' ? 'broker' : 'node'} ${JSON.stringify(n)}`);
  };
  for (const { a, i } of order) {
    const p = `actions[${i}]`;
    switch (a.type) {
      case 'produce': {
        const c = clients.get(a.client);
        if (!c) errors.push(`${p}.client: no client ${JSON.stringify(a.client)}`);
        else if (c.type !== 'producer') errors.push(`${p}.client: ${a.client} is a consumer, not a producer`);
        const nameErr = topicNameError(a.topic);
        if (nameErr) errors.push(`${p}.topic: ${nameErr}`);
        if (a.intervalMs !== undefined && a.count === undefined)
          errors.push(`${p}.intervalMs: only with count`);
        break;
      }
      case 'createTopic':
        checkConfigs(errors, `${p}.config`, a.config, TOPIC_CONFIGS, 'topic');
        break;
      case 'killBroker':
      case 'restartBroker':
      case 'shutdownBroker':
        if (!brokers.has(a.broker)) errors.push(`${p}.broker: no broker ${a.broker}`);
        break;
      case 'addBroker':
        if (brokers.has(a.broker)) errors.push(`${p}.broker: broker ${a.broker} already exists`);
        brokers.add(a.broker);
        break;
      case 'partitionNetwork': {
        const seen = new Set<NodeRef>();
        a.groups.forEach((g, gi) =>
          g.forEach((n, ni) => {
            checkNode(`${p}.groups[${gi}][${ni}]`, n);
            if (seen.has(n)) errors.push(`${p}.groups[${gi}][${ni}]: ${JSON.stringify(n)} is in two groups`);
            seen.add(n);
          }),
        );
        break;
      }
      case 'isolateNode':
        checkNode(`${p}.node`, a.node);
        break;
      case 'cutLink':
        checkNode(`${p}.from`, a.from);
        checkNode(`${p}.to`, a.to);
        if (a.from === a.to) errors.push(`${p}.to: a link joins two different nodes`);
        break;
      case 'setLatency':
        if (!a.racks) {
          checkNode(`${p}.between[0]`, a.between[0]);
          checkNode(`${p}.between[1]`, a.between[1]);
        }
        break;
      case 'killClient':
      case 'startClient':
      case 'stopClient':
      case 'commitOffsets':
        if (!clients.has(a.client)) errors.push(`${p}.client: no client ${JSON.stringify(a.client)}`);
        else if (a.type === 'commitOffsets' && clients.get(a.client)!.type !== 'consumer') {
          errors.push(`${p}.client: ${a.client} is not a consumer`);
        }
        break;
      case 'addClient':
        if (clients.has(a.client.id)) errors.push(`${p}.client.id: client ${a.client.id} already exists`);
        checkClient(errors, `${p}.client`, a.client, brokers);
        clients.set(a.client.id, a.client);
        break;
      default:
        break;
    }
  }
  checkTour(errors, s);
  return errors;
}

/** A tour's steps come in time order and within the run. */
function checkTour(errors: string[], s: Scenario): void {
  const steps = s.tour?.steps ?? [];
  steps.forEach((step, i) => {
    const prev = steps[i - 1];
    if (prev && step.at <= prev.at)
      errors.push(`tour.steps[${i}].at: steps come in time order (${step.at} is not after ${prev.at})`);
    if (s.until !== undefined && step.at > s.until)
      errors.push(`tour.steps[${i}].at: ${step.at} is after the scenario's end (until ${s.until})`);
  });
}
