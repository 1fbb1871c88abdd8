// How each scenario participant becomes a node: its id, its behaviour kind and its configuration.
import type { NodeSpec } from '../core/node';
import { brokerNode } from '../core/ids';
import type { ClientSpecInput } from '../../scenario/schema';
import { CONSUMER_CONFIGS, PRODUCER_CONFIGS } from '../../scenario/configs';
import { normaliseConfig, type ResolvedScenario } from './resolve';

export function brokerNodeSpec(id: number, rack: string | undefined, rs: ResolvedScenario): NodeSpec {
  return {
    id: brokerNode(id),
    kind: 'broker',
    config: { brokerId: id, rack: rack ?? null, config: rs.brokerConfig },
  };
}

export function clientNodeSpec(c: ClientSpecInput, _rs: ResolvedScenario): NodeSpec {
  const table = c.type === 'producer' ? PRODUCER_CONFIGS : CONSUMER_CONFIGS;
  return {
    id: c.id,
    kind: c.type,
    config: {
      clientId: c.id,
      bootstrapServers: c.bootstrapServers,
      groupId: c.groupId ?? null,
      subscribe: c.subscribe ?? [],
      processing: c.processing ?? null,
      config: normaliseConfig(table, c.config),
    },
  };
}
