// The scenario's structure (contract v1, see docs/SCENARIOS.md): zod schemas that reject unknown fields,
// wrong types and out-of-range values. Cross-references (a broker id that exists, a client that exists)
// and Kafka config values are checked afterwards in validate.ts, which also names every error's path.
import { z } from 'zod';

const int = () => z.number().int();
const time = () => int().min(0).max(Number.MAX_SAFE_INTEGER);
const brokerId = () => int().min(0).max(2147483647);
/** A node of the network: a broker id, a client id, or "zk" for the coordinator. */
const nodeRef = () => z.union([brokerId(), z.string().min(1).max(249)]);
const configMap = () => z.record(z.string(), z.unknown());
const text = (max: number) => z.string().max(max);

export const TopicSpecSchema = z.strictObject({
  name: text(300),
  partitions: int().min(1).max(10000),
  replicationFactor: int().min(1).max(100),
  config: configMap().optional(),
});

export const ProcessingSchema = z.strictObject({
  /** at-most-once: commit, then process. at-least-once: process, then commit. */
  mode: z.enum(['at-most-once', 'at-least-once']),
  /** Virtual time to process one record. */
  recordMs: int().min(0).max(3600000),
});

export const ClientSpecSchema = z.strictObject({
  id: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9._-]+$/, 'a client id uses letters, digits, ".", "_" and "-"'),
  type: z.enum(['producer', 'consumer']),
  bootstrapServers: z.array(brokerId()).min(1).max(100),
  groupId: z.string().min(1).max(249).optional(),
  subscribe: z.array(z.string().min(1).max(249)).min(1).max(100).optional(),
  config: configMap().optional(),
  processing: ProcessingSchema.optional(),
  /** false: declared but not started until a startClient action. */
  autoStart: z.boolean().optional(),
});

const at = () => time();
const topicPartition = () => z.strictObject({ topic: z.string().min(1).max(249), partition: int().min(0) });

export const ActionSchema = z.discriminatedUnion('type', [
  z.strictObject({
    at: at(),
    type: z.literal('produce'),
    client: z.string(),
    topic: z.string().min(1).max(249),
    key: z.string().max(10000).nullable(),
    value: z.string().max(100000).nullable(),
    headers: z.record(z.string().max(256), z.string().max(10000)).optional(),
    partition: int().min(0).optional(),
    count: int().min(1).max(1000000).optional(),
    intervalMs: int().min(0).max(86400000).optional(),
  }),
  z.strictObject({ at: at(), type: z.literal('createTopic'), ...TopicSpecSchema.shape }),
  z.strictObject({ at: at(), type: z.literal('deleteTopic'), topic: z.string().min(1).max(249) }),
  z.strictObject({ at: at(), type: z.literal('killBroker'), broker: brokerId() }),
  z.strictObject({ at: at(), type: z.literal('restartBroker'), broker: brokerId() }),
  z.strictObject({ at: at(), type: z.literal('shutdownBroker'), broker: brokerId() }),
  z.strictObject({
    at: at(),
    type: z.literal('addBroker'),
    broker: brokerId(),
    rack: z.string().min(1).max(64).optional(),
  }),
  z.strictObject({ at: at(), type: z.literal('killCoordinator') }),
  z.strictObject({ at: at(), type: z.literal('restartCoordinator') }),
  z.strictObject({
    at: at(),
    type: z.literal('partitionNetwork'),
    groups: z.array(z.array(nodeRef()).min(1)).min(1),
  }),
  z.strictObject({ at: at(), type: z.literal('healNetwork') }),
  z.strictObject({ at: at(), type: z.literal('isolateNode'), node: nodeRef() }),
  z.strictObject({
    at: at(),
    type: z.literal('cutLink'),
    from: nodeRef(),
    to: nodeRef(),
    oneWay: z.boolean().optional(),
  }),
  z.strictObject({
    at: at(),
    type: z.literal('setLatency'),
    /** Two nodes, or two racks with `racks: true`. Symmetric unless oneWay. */
    between: z.tuple([nodeRef(), nodeRef()]),
    racks: z.boolean().optional(),
    latencyMs: int().min(0).max(600000),
    jitterMs: int().min(0).max(600000).optional(),
    oneWay: z.boolean().optional(),
  }),
  z.strictObject({ at: at(), type: z.literal('killClient'), client: z.string() }),
  z.strictObject({ at: at(), type: z.literal('startClient'), client: z.string() }),
  /** A clean close: a consumer commits (with auto-commit) and leaves its group at once. */
  z.strictObject({ at: at(), type: z.literal('stopClient'), client: z.string() }),
  z.strictObject({ at: at(), type: z.literal('addClient'), client: ClientSpecSchema }),
  z.strictObject({
    at: at(),
    type: z.literal('electPreferredLeaders'),
    partitions: z.array(topicPartition()).optional(),
  }),
  z.strictObject({ at: at(), type: z.literal('commitOffsets'), client: z.string() }),
  z.strictObject({
    at: at(),
    type: z.literal('resetOffsets'),
    group: z.string().min(1).max(249),
    topic: z.string().min(1).max(249),
    to: z.union([z.enum(['earliest', 'latest']), int().min(0)]),
  }),
]);

/** One narrated step of a guided tour: the playground pauses at `at` and shows the title and text. */
export const TourStepSchema = z.strictObject({
  at: time(),
  title: z.string().min(1).max(120),
  text: z.string().min(1).max(2000),
});

/** A guided tour (optional, docs/SCENARIOS.md): narrated pauses, then what just happened and the rule. */
export const TourSchema = z.strictObject({
  /** Playback speed the tour starts at (virtual ms per real ms). */
  speed: z.number().min(0.1).max(1000).optional(),
  steps: z.array(TourStepSchema).min(1).max(50),
  whatJustHappened: z.strictObject({
    text: z.string().min(1).max(2000),
    /** The Kafka rule the tour shows, in Kafka's words. */
    rule: z.string().min(1).max(300),
  }),
});

export const ScenarioSchema = z.strictObject({
  version: z.literal(1),
  name: text(200).optional(),
  description: text(5000).optional(),
  seed: int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER),
  until: time().optional(),
  cluster: z.strictObject({
    brokers: z.union([
      int().min(1).max(50),
      z
        .array(z.strictObject({ id: brokerId(), rack: z.string().min(1).max(64).optional() }))
        .min(1)
        .max(50),
    ]),
    config: configMap().optional(),
    network: z
      .strictObject({
        latencyMs: int().min(0).max(600000).optional(),
        jitterMs: int().min(0).max(600000).optional(),
        /** Message loss as an integer ratio [numerator, denominator]. */
        dropRatio: z.tuple([int().min(0), int().min(1)]).optional(),
      })
      .optional(),
  }),
  topics: z.array(TopicSpecSchema).max(200).optional(),
  clients: z.array(ClientSpecSchema).max(100).optional(),
  actions: z.array(ActionSchema).max(100000).optional(),
  tour: TourSchema.optional(),
});

export type ScenarioInput = z.infer<typeof ScenarioSchema>;
export type ScenarioAction = z.infer<typeof ActionSchema>;
export type TopicSpec = z.infer<typeof TopicSpecSchema>;
export type ClientSpecInput = z.infer<typeof ClientSpecSchema>;
export type Tour = z.infer<typeof TourSchema>;
export type TourStep = z.infer<typeof TourStepSchema>;
export type NodeRef = number | string;
