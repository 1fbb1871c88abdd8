// The simulation slice: what the driver reports each frame (playback, the snapshot, history version).
import type { StateCreator } from 'zustand';
import type { Driver, Frame, Playback } from '../data/driver';
import type { Snapshot } from '../data/types';
import type { Scenario } from '../../scenario/validate';
import type { Violation } from '../data/violations';

export interface SimSlice {
  driver: Driver | null;
  scenario: Scenario | null;
  scenarioId: string;
  loadErrors: string[] | null;
  playback: Playback;
  snapshot: Snapshot | null;
  historyVersion: number;
  /** What the guarantee checker found so far (the same array while nothing new is found). */
  violations: readonly Violation[];
  setDriver(driver: Driver | null, scenario: Scenario | null, scenarioId: string): void;
  setLoadErrors(errors: string[] | null): void;
  applyFrame(frame: Frame): void;
}

export const INITIAL_PLAYBACK: Playback = { time: 0, playing: false, speed: 1, maxTime: 0, behind: false };

export const createSimSlice: StateCreator<SimSlice, [], [], SimSlice> = (set) => ({
  driver: null,
  scenario: null,
  scenarioId: '',
  loadErrors: null,
  playback: INITIAL_PLAYBACK,
  snapshot: null,
  historyVersion: 0,
  violations: [],
  setDriver: (driver, scenario, scenarioId) =>
    set({
      driver,
      scenario,
      scenarioId,
      snapshot: null,
      playback: INITIAL_PLAYBACK,
      historyVersion: 0,
      violations: [],
    }),
  setLoadErrors: (loadErrors) => set({ loadErrors }),
  applyFrame: (frame) =>
    set({
      playback: frame.playback,
      snapshot: frame.snapshot,
      historyVersion: frame.historyVersion,
      violations: frame.violations,
    }),
});
