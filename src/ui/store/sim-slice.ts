// The simulation slice: what the driver reports each frame (playback, the snapshot, history version).
import type { StateCreator } from 'zustand';
import type { Driver, EngineInfo, EngineMode, Frame, Playback } from '../data/driver';
import type { Snapshot } from '../data/types';
import type { Scenario } from '../../scenario/validate';
import type { Violation } from '../data/violations';

export interface SimSlice {
  driver: Driver | null;
  scenario: Scenario | null;
  scenarioId: string;
  /**
   * Bumped when a scenario is (re)loaded, not when the same run moves to another engine: what belongs
   * to one run of a scenario (the tour's place) lives as long as its session.
   */
  session: number;
  loadErrors: string[] | null;
  playback: Playback;
  snapshot: Snapshot | null;
  historyVersion: number;
  /** What the guarantee checker found so far (the same array while nothing new is found). */
  violations: readonly Violation[];
  /** Where nodes run (the setting), and what the running engine reports. */
  engineChoice: EngineMode;
  engine: EngineInfo;
  setEngineChoice(choice: EngineMode): void;
  /** `sameRun`: the driver takes over the running scenario (another engine), the session goes on. */
  setDriver(driver: Driver | null, scenario: Scenario | null, scenarioId: string, sameRun?: boolean): void;
  setLoadErrors(errors: string[] | null): void;
  applyFrame(frame: Frame): void;
}

export const INITIAL_ENGINE: EngineInfo = { mode: 'workers', workers: [], failure: null, recoverAt: null };

export const INITIAL_PLAYBACK: Playback = { time: 0, playing: false, speed: 1, maxTime: 0, behind: false };

export const createSimSlice: StateCreator<SimSlice, [], [], SimSlice> = (set) => ({
  driver: null,
  scenario: null,
  scenarioId: '',
  session: 0,
  loadErrors: null,
  playback: INITIAL_PLAYBACK,
  snapshot: null,
  historyVersion: 0,
  violations: [],
  engineChoice: 'workers',
  engine: INITIAL_ENGINE,
  setEngineChoice: (engineChoice) => set({ engineChoice }),
  setDriver: (driver, scenario, scenarioId, sameRun = false) =>
    set((s) => ({
      driver,
      scenario,
      scenarioId,
      session: sameRun ? s.session : s.session + 1,
      snapshot: null,
      playback: INITIAL_PLAYBACK,
      historyVersion: 0,
      violations: [],
      engine: INITIAL_ENGINE,
    })),
  setLoadErrors: (loadErrors) => set({ loadErrors }),
  applyFrame: (frame) =>
    set({
      playback: frame.playback,
      snapshot: frame.snapshot,
      historyVersion: frame.historyVersion,
      violations: frame.violations,
      engine: frame.engine,
    }),
});
