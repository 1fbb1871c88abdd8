// The headless result (scenario-format.md, "Headless result"): what `npm run sim -- FILE --json` prints.
export interface ResultRecord {
  offset: number;
  key: string | null;
  value: string | null;
  timestamp: number;
  headers?: Record<string, string>;
}

export interface PartitionResult {
  topic: string;
  partition: number;
  replicas: number[];
  leader: number | null;
  leaderEpoch: number;
  isr: number[];
  highWatermark: number;
  logStartOffset: number;
  logEndOffsets: Record<string, number>;
  /** The leader's log below the high watermark; [] with no leader. */
  records: ResultRecord[];
}

export interface GroupResult {
  groupId: string;
  state: string;
  generation: number;
  protocol: string | null;
  members: { memberId: string; clientId: string; assignment: { topic: string; partition: number }[] }[];
  committedOffsets: Record<string, number>;
}

export interface ProducedRecord {
  topic: string;
  partition: number;
  offset: number;
  key: string | null;
  value: string | null;
}

export interface ProducerResult {
  clientId: string;
  acked: ProducedRecord[];
  failed: {
    topic: string;
    partition?: number;
    key: string | null;
    value: string | null;
    error: string;
    message?: string;
  }[];
}

export interface ConsumerResult {
  clientId: string;
  groupId: string;
  consumed: ProducedRecord[];
}

export interface Violation {
  kind: string;
  topic: string;
  partition: number;
  offset?: number;
  at: number;
  cause: string;
  allowedBy?: string;
}

export interface SimResult {
  traceHash: string;
  time: number;
  seed: number;
  controller: number | null;
  brokers: { id: number; rack?: string; alive: boolean }[];
  znodes: Record<string, unknown>;
  partitions: PartitionResult[];
  groups: GroupResult[];
  producers: ProducerResult[];
  consumers: ConsumerResult[];
  violations: Violation[];
  /** Events the world processed: deliveries, timers and actions. */
  events: number;
}
