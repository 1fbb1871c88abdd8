// The broker's metadata cache (kafka.server.ZkMetadataCache): what the controller last told it through
// UpdateMetadata. Clients learn the cluster from here with Metadata requests, from any broker.
import type { LiveBroker, PartitionState, TopicConfig, UpdateMetadataRequest } from '../protocol/controller';
import type { MetadataRequest, MetadataResponse, MetadataTopic } from '../protocol/client';

/** LeaderAndIsr.LeaderDuringDelete: the controller marks a partition being deleted with this leader. */
export const LEADER_DURING_DELETE = -2;

export interface CachedPartition extends PartitionState {
  offlineReplicas: number[];
}

export interface MetadataCache {
  controllerId: number;
  controllerEpoch: number;
  liveBrokers: LiveBroker[];
  /** topic -> partition number (as string) -> state. */
  topics: Record<string, Record<string, CachedPartition>>;
  configs: Record<string, TopicConfig>;
}

export function emptyMetadataCache(): MetadataCache {
  return { controllerId: -1, controllerEpoch: -1, liveBrokers: [], topics: {}, configs: {} };
}

/** Applies an UpdateMetadata. Returns false (STALE_CONTROLLER_EPOCH) if it comes from an older controller. */
export function applyUpdateMetadata(cache: MetadataCache, req: UpdateMetadataRequest): boolean {
  if (req.controllerEpoch < cache.controllerEpoch) return false;
  cache.controllerId = req.controllerId;
  cache.controllerEpoch = req.controllerEpoch;
  cache.liveBrokers = req.liveBrokers.slice().sort((a, b) => a.id - b.id);
  for (const ps of req.partitionStates) {
    if (ps.leader === LEADER_DURING_DELETE) {
      delete cache.topics[ps.topic];
      delete cache.configs[ps.topic];
      continue;
    }
    const { config, ...state } = ps;
    (cache.topics[ps.topic] ??= {})[String(ps.partition)] = state;
    cache.configs[ps.topic] = config;
  }
  for (const t of req.deletedTopics) {
    delete cache.topics[t];
    delete cache.configs[t];
  }
  return true;
}

export function partitionCount(cache: MetadataCache, topic: string): number {
  const t = cache.topics[topic];
  return t ? Object.keys(t).length : 0;
}

/** The Metadata response for `topics` (null: all). Unknown topics are UNKNOWN_TOPIC_OR_PARTITION. */
export function metadataResponse(
  cache: MetadataCache,
  req: MetadataRequest,
  creating: readonly string[],
): MetadataResponse {
  const live = new Set(cache.liveBrokers.map((b) => b.id));
  const names = req.topics ?? Object.keys(cache.topics).sort();
  const topics: MetadataTopic[] = names.map((name) => {
    const t = cache.topics[name];
    if (!t) {
      // A topic being auto-created answers LEADER_NOT_AVAILABLE, as KafkaApis does for a new topic.
      const errorCode = creating.includes(name) ? 'LEADER_NOT_AVAILABLE' : 'UNKNOWN_TOPIC_OR_PARTITION';
      return { name, errorCode, partitions: [] };
    }
    const partitions = Object.values(t)
      .sort((a, b) => a.partition - b.partition)
      .map((p) => ({
        partition: p.partition,
        errorCode:
          p.leader >= 0 && live.has(p.leader) ? ('NONE' as const) : ('LEADER_NOT_AVAILABLE' as const),
        leader: p.leader >= 0 && live.has(p.leader) ? p.leader : -1,
        leaderEpoch: p.leaderEpoch,
        replicas: p.replicas,
        isr: p.isr,
        offlineReplicas: p.replicas.filter((r) => !live.has(r)),
      }));
    return { name, errorCode: 'NONE' as const, partitions };
  });
  return {
    type: 'MetadataResponse',
    correlationId: req.correlationId,
    brokers: cache.liveBrokers.map((b) => ({ nodeId: b.id, rack: b.rack })),
    controllerId: cache.controllerId,
    topics,
  };
}
