// What a user (or a test) can ask of a running world: any scenario action, taken at the current virtual
// time, or a crash or restart of any node by id.
import type { ScenarioAction } from '../scenario/schema';
import type { NodeId } from '../sim/core/node';

type WithoutAt<T> = T extends unknown ? Omit<T, 'at'> : never;

/** A scenario action without its time: it happens now. */
export type ScenarioIntent = WithoutAt<ScenarioAction>;

export type NodeIntent = { type: 'crashNode'; node: NodeId } | { type: 'restartNode'; node: NodeId };

export type Intent = ScenarioIntent | NodeIntent;
