// The Kafka configs a scenario may set, with Kafka's names, types and defaults (Kafka 3.x brokers,
// 3.9/4.0 clients). An unknown name or a bad value is an error that names it, as Kafka's ConfigException does.

export type ConfigType =
  | { kind: 'int'; min?: number; max?: number }
  | { kind: 'bool' }
  | { kind: 'ratio' }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'list'; values: readonly string[] }
  | { kind: 'string' };

export interface ConfigDef {
  type: ConfigType;
  default: number | boolean | string | string[] | null;
  doc: string;
}

const int = (def: number, doc: string, min = 0, max?: number): ConfigDef => ({
  type: { kind: 'int', min, ...(max !== undefined ? { max } : {}) },
  default: def,
  doc,
});
const bool = (def: boolean, doc: string): ConfigDef => ({ type: { kind: 'bool' }, default: def, doc });

/** Topic-level configs (also settable cluster-wide through their `log.` broker equivalents' defaults). */
export const TOPIC_CONFIGS: Record<string, ConfigDef> = {
  'cleanup.policy': {
    type: { kind: 'enum', values: ['delete', 'compact', 'compact,delete', 'delete,compact'] },
    default: 'delete',
    doc: 'delete old segments, keep the latest value per key, or both',
  },
  'retention.ms': int(604800000, 'how long to keep a segment after its newest record (-1: forever)', -1),
  'retention.bytes': int(-1, 'largest size of the partition log before old segments go (-1: no limit)', -1),
  'segment.bytes': int(1073741824, 'size at which the active segment is rolled', 14),
  'segment.ms': int(604800000, 'age at which the active segment is rolled', 1),
  'delete.retention.ms': int(86400000, 'how long tombstones survive compaction', 0),
  'min.compaction.lag.ms': int(0, 'records younger than this are not compacted', 0),
  'min.cleanable.dirty.ratio': {
    type: { kind: 'ratio' },
    default: 0.5,
    doc: 'dirty share of the log that triggers compaction',
  },
  'min.insync.replicas': int(1, 'in-sync replicas an acks=all write needs', 1),
  'unclean.leader.election.enable': bool(false, 'let an out-of-sync replica become leader (may lose data)'),
  'max.message.bytes': int(1048588, 'largest record batch the partition accepts', 0),
  'index.interval.bytes': int(4096, 'bytes between two offset-index entries', 0),
  'segment.index.bytes': int(10485760, 'size of a segment offset index', 8),
};

export const BROKER_CONFIGS: Record<string, ConfigDef> = {
  'min.insync.replicas': TOPIC_CONFIGS['min.insync.replicas']!,
  'unclean.leader.election.enable': TOPIC_CONFIGS['unclean.leader.election.enable']!,
  'replica.lag.time.max.ms': int(30000, 'a follower not caught up for this long leaves the ISR', 1),
  'replica.fetch.wait.max.ms': int(500, 'longest a follower fetch waits on the leader for data', 0),
  'replica.fetch.max.bytes': int(1048576, 'bytes a follower asks for per partition', 1),
  'replica.fetch.backoff.ms': int(1000, 'pause after a failed follower fetch', 0),
  'zookeeper.session.timeout.ms': int(18000, 'a broker silent this long loses its ZooKeeper session', 1),
  'offsets.topic.num.partitions': int(50, 'partitions of __consumer_offsets', 1),
  'offsets.topic.replication.factor': int(3, 'replication factor of __consumer_offsets', 1),
  'offsets.retention.minutes': int(10080, 'how long an empty group keeps its committed offsets', 1),
  'default.replication.factor': int(1, 'replication factor of auto-created topics', 1),
  'num.partitions': int(1, 'partitions of auto-created topics', 1),
  'auto.create.topics.enable': bool(true, 'create a topic when a client first asks for it'),
  'auto.leader.rebalance.enable': bool(true, 'move leadership back to preferred replicas'),
  'leader.imbalance.per.broker.percentage': int(
    10,
    'imbalance that triggers preferred-leader election',
    0,
    100,
  ),
  'leader.imbalance.check.interval.seconds': int(300, 'how often the controller checks leader imbalance', 1),
  'controlled.shutdown.enable': bool(true, 'move leadership away before a clean shutdown'),
  'delete.topic.enable': bool(true, 'allow topic deletion'),
  'group.initial.rebalance.delay.ms': int(
    3000,
    'wait for more members before the first rebalance of a group',
    0,
  ),
  'group.min.session.timeout.ms': int(6000, 'smallest session.timeout.ms a consumer may ask for', 0),
  'group.max.session.timeout.ms': int(1800000, 'largest session.timeout.ms a consumer may ask for', 0),
  'log.retention.check.interval.ms': int(300000, 'how often retention runs', 1),
  'log.cleaner.backoff.ms': int(15000, 'pause of the log cleaner between checks', 1),
  'message.max.bytes': int(1048588, 'largest record batch a broker accepts', 0),
  'log.segment.bytes': TOPIC_CONFIGS['segment.bytes']!,
  'log.roll.ms': TOPIC_CONFIGS['segment.ms']!,
  'log.retention.ms': TOPIC_CONFIGS['retention.ms']!,
  'log.retention.bytes': TOPIC_CONFIGS['retention.bytes']!,
  'log.cleanup.policy': TOPIC_CONFIGS['cleanup.policy']!,
};

export const ASSIGNOR_NAMES = ['range', 'roundrobin', 'sticky', 'cooperative-sticky'] as const;

export const PRODUCER_CONFIGS: Record<string, ConfigDef> = {
  acks: {
    type: { kind: 'enum', values: ['all', '-1', '0', '1'] },
    default: 'all',
    doc: 'replicas that must have a write before it is acknowledged',
  },
  'enable.idempotence': bool(
    true,
    'sequence numbers so that retries never duplicate (KIP-679: on by default)',
  ),
  'linger.ms': int(0, 'wait this long to fill a batch'),
  'batch.size': int(16384, 'bytes per partition batch', 0),
  'max.in.flight.requests.per.connection': int(5, 'unacknowledged requests per broker connection', 1),
  retries: int(2147483647, 'retries of a failed send', 0),
  'retry.backoff.ms': int(100, 'pause before a retry', 0),
  'request.timeout.ms': int(30000, 'longest wait for a response', 0),
  'delivery.timeout.ms': int(120000, 'upper bound on reporting success or failure of a send', 0),
  'max.block.ms': int(60000, 'longest wait for metadata', 0),
  'metadata.max.age.ms': int(300000, 'refresh metadata at least this often', 0),
  'reconnect.backoff.ms': int(50, 'pause before reconnecting to a broker', 0),
  'reconnect.backoff.max.ms': int(1000, 'longest reconnect pause', 0),
  'partitioner.ignore.keys': bool(false, 'sticky-partition even keyed records'),
  'partitioner.adaptive.partitioning.enable': bool(true, 'prefer faster brokers for keyless records'),
};

export const CONSUMER_CONFIGS: Record<string, ConfigDef> = {
  'partition.assignment.strategy': {
    type: { kind: 'list', values: ASSIGNOR_NAMES },
    default: ['range', 'cooperative-sticky'],
    doc: 'assignors in order of preference',
  },
  'auto.offset.reset': {
    type: { kind: 'enum', values: ['earliest', 'latest', 'none'] },
    default: 'latest',
    doc: 'where to start with no committed offset',
  },
  'enable.auto.commit': bool(true, 'commit consumed offsets in the background'),
  'auto.commit.interval.ms': int(5000, 'how often auto-commit runs', 0),
  'session.timeout.ms': int(45000, 'a member silent this long is evicted', 1),
  'heartbeat.interval.ms': int(3000, 'how often a member heartbeats', 1),
  'max.poll.interval.ms': int(300000, 'longest gap between polls (also the rebalance timeout)', 1),
  'max.poll.records': int(500, 'records per poll', 1),
  'fetch.min.bytes': int(1, 'bytes a fetch waits for', 0),
  'fetch.max.wait.ms': int(500, 'longest a fetch waits on the broker', 0),
  'fetch.max.bytes': int(52428800, 'bytes per fetch response', 0),
  'max.partition.fetch.bytes': int(1048576, 'bytes per partition per fetch', 0),
  'group.instance.id': { type: { kind: 'string' }, default: null, doc: 'static membership id (KIP-345)' },
  'isolation.level': {
    type: { kind: 'enum', values: ['read_uncommitted', 'read_committed'] },
    default: 'read_uncommitted',
    doc: 'whether to see records of open or aborted transactions',
  },
  'request.timeout.ms': int(30000, 'longest wait for a response', 0),
  'retry.backoff.ms': int(100, 'pause before a retry', 0),
  'reconnect.backoff.ms': int(50, 'pause before reconnecting to a broker', 0),
  'reconnect.backoff.max.ms': int(1000, 'longest reconnect pause', 0),
  'default.api.timeout.ms': int(60000, 'timeout of blocking consumer calls', 0),
};

export type ConfigValue = number | boolean | string | string[] | null;

/** A numeric config from resolved configs, or `dflt` where it is unset (or not a number). */
export function configNumber(
  configs: Readonly<Record<string, ConfigValue | undefined>>,
  name: string,
  dflt: number,
): number {
  const v = configs[name];
  return typeof v === 'number' ? v : dflt;
}

/** Checks one config value; returns the normalised value or an error message in Kafka's words. */
export function checkConfigValue(
  name: string,
  def: ConfigDef,
  value: unknown,
): { value: ConfigValue } | { error: string } {
  const bad = (why: string) => ({
    error: `Invalid value ${JSON.stringify(value)} for configuration ${name}: ${why}`,
  });
  const t = def.type;
  switch (t.kind) {
    case 'int': {
      const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isSafeInteger(n)) return bad('must be an integer');
      if (t.min !== undefined && n < t.min) return bad(`must be at least ${t.min}`);
      if (t.max !== undefined && n > t.max) return bad(`must be at most ${t.max}`);
      return { value: n };
    }
    case 'bool':
      if (value === 'true' || value === 'false') return { value: value === 'true' };
      return typeof value === 'boolean' ? { value } : bad('must be true or false');
    case 'ratio':
      return typeof value === 'number' && value >= 0 && value <= 1
        ? { value }
        : bad('must be a number between 0 and 1');
    case 'enum': {
      const s = typeof value === 'number' ? String(value) : value;
      return typeof s === 'string' && t.values.includes(s)
        ? { value: s }
        : bad(`must be one of ${t.values.join(', ')}`);
    }
    case 'list': {
      const items = typeof value === 'string' ? value.split(',').map((x) => x.trim()) : value;
      if (!Array.isArray(items) || items.length === 0) return bad('must be a non-empty list');
      for (const it of items) {
        if (typeof it !== 'string' || !t.values.includes(it))
          return bad(`each entry must be one of ${t.values.join(', ')}`);
      }
      return { value: items as string[] };
    }
    case 'string':
      return typeof value === 'string' && value.length > 0 && value.length <= 249
        ? { value }
        : bad('must be a non-empty string');
  }
}

/** The defaults of a config table, as a plain record. */
export function configDefaults(table: Record<string, ConfigDef>): Record<string, ConfigValue> {
  const out: Record<string, ConfigValue> = {};
  for (const [k, d] of Object.entries(table)) out[k] = d.default;
  return out;
}
