// A validated scenario with Kafka's defaults filled in: what the nodes are built from. Derived, never stored.
import type { Scenario } from '../../scenario/validate';
import type { ClientSpecInput, TopicSpec } from '../../scenario/schema';
import { BROKER_CONFIGS, checkConfigValue, configDefaults, type ConfigValue } from '../../scenario/configs';
import type { LinkParams } from '../net/network';

export interface BrokerSpec {
  id: number;
  rack?: string;
}

export interface ResolvedScenario {
  seed: number;
  brokers: BrokerSpec[];
  /** Broker configs, every key present. */
  brokerConfig: Record<string, ConfigValue>;
  network: LinkParams;
  topics: TopicSpec[];
  clients: ClientSpecInput[];
}

/** Applies a config table's checks to values already validated: numeric strings become numbers, and so on. */
export function normaliseConfig(
  table: Record<string, import('../../scenario/configs').ConfigDef>,
  given: Record<string, unknown> | undefined,
): Record<string, ConfigValue> {
  const out = configDefaults(table);
  for (const [k, v] of Object.entries(given ?? {})) {
    const def = table[k];
    if (!def) continue;
    const r = checkConfigValue(k, def, v);
    if ('value' in r) out[k] = r.value;
  }
  return out;
}

export function resolveScenario(s: Scenario): ResolvedScenario {
  const b = s.cluster.brokers;
  const brokers: BrokerSpec[] =
    typeof b === 'number' ? Array.from({ length: b }, (_, i) => ({ id: i + 1 })) : b.map((x) => ({ ...x }));
  const net = s.cluster.network ?? {};
  const [dropNum, dropDen] = net.dropRatio ?? [0, 1];
  return {
    seed: s.seed,
    brokers,
    brokerConfig: normaliseConfig(BROKER_CONFIGS, s.cluster.config),
    // Defaults: 2 ms one way with 1 ms jitter, a LAN inside one data centre.
    network: { latencyMs: net.latencyMs ?? 2, jitterMs: net.jitterMs ?? 1, dropNum, dropDen },
    topics: s.topics ?? [],
    clients: s.clients ?? [],
  };
}
