// The headless public API: run a scenario, and check Kafka's algorithms directly.
export { runScenario, Simulation, DEFAULT_UNTIL_MS } from './runner/simulation';
export type {
  SimResult,
  PartitionResult,
  GroupResult,
  ProducerResult,
  ConsumerResult,
  Violation,
} from './runner/result';
export { validateScenario, parseScenario, type Scenario, type ValidationResult } from '../scenario/validate';
export { World, type WorldAction } from './net/world';
export type { JournalEntry } from './net/journal';
export { Rng, seedRng } from './core/rng';
export { murmur2, toPositive } from './clients/murmur2';
export { partitionForKey } from './clients/partitioner';
export { coordinatorPartition } from './group/coordinator-partition';
export { assignors } from './group/assignors/index';
