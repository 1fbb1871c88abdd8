// What the runtime drives: a World, how long the run lasts, and how intents become world actions. A
// scenario gives one (through Simulation, the same path as the CLI); so does a fixture world.
import type { Scenario } from '../scenario/validate';
import { DEFAULT_UNTIL_MS, Simulation } from '../sim/runner/simulation';
import type { World, WorldCheckpoint } from '../sim/net/world';
import type { ScenarioAction } from '../scenario/schema';
import { translateAction } from '../sim/runner/actions';
import type { SimResult } from '../sim/runner/result';
import type { Intent, ScenarioIntent } from './intents';
import { buildFixture, type FixtureName } from './fixtures';
import { loadFields, saveFields } from './derived-state';

/** Simulation's own objects other than the world and its inputs: the journal consumers. */
function derivedParts(sim: Simulation): [string, object][] {
  const skip = new Set(['world', 'scenario', 'resolved']);
  return Object.entries(sim).filter(
    (e): e is [string, object] => !skip.has(e[0]) && e[1] !== null && typeof e[1] === 'object',
  );
}

export interface Model {
  readonly world: World;
  /** The end of the run, in virtual ms. */
  readonly until: number;
  /** Schedules an intent's world actions at the world's current time. */
  schedule(intent: Intent): void;
  /** The headless result (the CLI's document), when the world comes from a scenario. */
  result?(): SimResult;
  /**
   * What the model derives from the journal outside the World (plain data), saved with every
   * checkpoint and put back when the world returns to it, so a seek does not count things twice.
   */
  save?(): unknown;
  load?(saved: unknown): void;
  /** History after the world's current point is no longer its future (an intent forked it). */
  forked?(): void;
  /** How to take scenario intents as a scenario's own actions (see Runtime.act); scenario models. */
  scripted?: ScriptedIntents;
}

/**
 * A scenario runs its actions in (time, seq) order, and their seqs come before anything the run
 * schedules. An intent taken live at time t gets a seq after the events already queued for t, so it
 * would run after them; to give the same trace as a scenario holding it (what a share link replays),
 * the runtime schedules it earlier, at a checkpoint whose queue holds nothing at its times.
 */
export interface ScriptedIntents {
  /** The virtual times of the world events an intent taken at `at` schedules. */
  times(intent: ScenarioIntent, at: number): number[];
  /** Schedules an intent's world events for `at` (the world's clock may be earlier). */
  schedule(intent: ScenarioIntent, at: number): void;
  /** A world at its start with these intents among the scenario's actions, as the CLI would build it. */
  fresh(intents: { intent: ScenarioIntent; time: number }[]): WorldCheckpoint;
}

export type ModelSource = { scenario: Scenario } | { fixture: FixtureName } | { model: Model };

export function createModel(source: ModelSource): Model {
  if ('model' in source) return source.model;
  if ('scenario' in source) return scenarioModel(source.scenario);
  return buildFixture(source.fixture);
}

const asAction = (intent: ScenarioIntent, at: number) => ({ ...intent, at }) as ScenarioAction;

export type ScenarioModel = Model & { sim: Simulation } & Required<
    Pick<Model, 'result' | 'save' | 'load' | 'scripted'>
  >;

export function scenarioModel(scenario: Scenario): ScenarioModel {
  const sim = new Simulation(scenario);
  const world = sim.world;
  return {
    sim,
    world,
    until: scenario.until ?? DEFAULT_UNTIL_MS,
    schedule(intent) {
      if (intent.type === 'crashNode') world.schedule(world.now, { type: 'crash', node: intent.node });
      else if (intent.type === 'restartNode')
        world.schedule(world.now, { type: 'restart', node: intent.node });
      else sim.schedule({ ...intent, at: world.now });
    },
    result: () => sim.result(),
    // Every object Simulation keeps beside its world (the client collector, the guarantee checker, ...)
    // reads the journal; its memory goes into checkpoints with the world's.
    save() {
      const saved: Record<string, unknown> = {};
      for (const [k, v] of derivedParts(sim)) saved[k] = saveFields(v);
      return saved;
    },
    load(saved) {
      const parts = saved as Record<string, Record<string, unknown>> | null;
      if (!parts) return;
      for (const [k, v] of derivedParts(sim)) if (parts[k]) loadFields(v, parts[k]);
    },
    scripted: {
      times: (intent, at) => translateAction(asAction(intent, at), sim.resolved).map((t) => t.at),
      schedule: (intent, at) => sim.schedule(asAction(intent, at)),
      fresh(intents) {
        const actions = [...(scenario.actions ?? []), ...intents.map((i) => asAction(i.intent, i.time))];
        return new Simulation({ ...scenario, actions }, { checker: false }).world.checkpoint();
      },
    },
  };
}
