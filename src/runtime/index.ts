// The runtime's public face, for the UI and for tests: create a runtime for a scenario or a fixture,
// in-process or with one Web Worker per node, and talk to it through intents and frame-batched updates.
export {
  createRuntime,
  RuntimeStateError,
  type Runtime,
  type RuntimeMode,
  type RuntimeOptions,
  type RuntimeStatus,
  type RuntimeUpdate,
  type RuntimeListener,
  type NodeView,
  type NodeDiff,
  type NodeFailure,
  type Phase,
  type Speed,
  type TakenIntent,
} from './runtime';
export type { Intent, NodeIntent, ScenarioIntent } from './intents';
export { scenarioModel, type Model, type ModelSource, type ScenarioModel } from './model';
export type { ReplicaLogRead, ReplicaLogArgs, LogRecordRead } from './readers';
export {
  FIXTURE_NAMES,
  FIXTURE_SOURCE_NAMES,
  fixtureSource,
  isFixtureName,
  type FixtureName,
} from './fixtures';
export { NodeFailedError } from './worker-host';
