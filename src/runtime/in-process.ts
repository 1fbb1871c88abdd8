// The in-process runtime: the whole world runs on the page's main thread. Used by tests, and by the UI
// until the one-worker-per-node host takes over.
import { Simulation, type Scenario, type SimResult } from '../sim/index';

export class InProcessRuntime {
  private sim: Simulation;
  constructor(readonly scenario: Scenario) {
    this.sim = new Simulation(scenario);
  }
  get now(): number {
    return this.sim.world.now;
  }
  runUntil(t: number): SimResult {
    this.sim.runUntil(t);
    return this.sim.result();
  }
  result(): SimResult {
    return this.sim.result();
  }
}
