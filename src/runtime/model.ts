// What the runtime drives: a World, how long the run lasts, and how intents become world actions. A
// scenario gives one (through Simulation, the same path as the CLI); so does a fixture world.
import type { Scenario } from '../scenario/validate';
import { DEFAULT_UNTIL_MS, Simulation } from '../sim/runner/simulation';
import type { World } from '../sim/net/world';
import type { SimResult } from '../sim/runner/result';
import type { Intent } from './intents';
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
}

export type ModelSource = { scenario: Scenario } | { fixture: FixtureName };

export function createModel(source: ModelSource): Model {
  if ('scenario' in source) return scenarioModel(source.scenario);
  return buildFixture(source.fixture);
}

export function scenarioModel(scenario: Scenario): Model & { sim: Simulation } {
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
  };
}
