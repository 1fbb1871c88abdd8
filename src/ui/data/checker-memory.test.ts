// The checker's memory is saved at every checkpoint, each save sharing with the previous one what did
// not change: a saved memory must never change afterwards, and any of them must bring the checker back.
import { describe, expect, it } from 'vitest';
import unclean from '../../scenario/builtins/unclean.json';
import { validateScenario } from '../../scenario/validate';
import { Simulation } from '../../sim/runner/simulation';
import { loadChecker, saveChecker, type CheckerMemory } from './checker-memory';
import type { WorldCheckpoint } from '../../sim/net/world';

function sim(): Simulation {
  const r = validateScenario(unclean);
  if (!r.ok) throw new Error(r.errors.join('; '));
  return new Simulation(r.scenario);
}

describe('checker memory', () => {
  it('saved memories stay as saved, and each brings the checker back to its past', () => {
    const straight = sim();
    straight.runUntil(45000);
    const expected = straight.checker.violations(45000);
    expect(expected.length).toBeGreaterThan(0);

    const s = sim();
    const saves: { world: WorldCheckpoint; memory: CheckerMemory; copy: unknown }[] = [];
    for (const at of [5000, 12000, 21000, 30000]) {
      s.runUntil(at);
      const memory = saveChecker(s.checker);
      saves.push({ world: s.world.checkpoint(), memory, copy: structuredClone(memory) });
    }
    s.runUntil(45000);
    for (const save of [saves[2]!, saves[0]!, saves[3]!, saves[1]!]) {
      s.world.restore(save.world);
      loadChecker(s.checker, save.memory);
      s.runUntil(save.world.now + 3000);
      saveChecker(s.checker); // a save after a restore shares with the restored memory
      s.runUntil(45000);
      expect(s.checker.violations(45000)).toEqual(expected);
    }
    for (const save of saves) expect(save.memory).toEqual(save.copy);
  });
});
