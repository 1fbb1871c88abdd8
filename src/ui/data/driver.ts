// What the UI asks of a running cluster. Today one implementation runs the Simulation on the page's
// main thread (in-process-driver.ts); the worker runtime (src/runtime) can sit behind the same
// interface. Every change a user makes goes through `act`, as a scenario action at the current time.
import type { Scenario } from '../../scenario/validate';
import type { ScenarioAction } from '../../scenario/schema';
import type { ScenarioIntent } from '../../runtime/intents';
import type { JournalDigest } from './digest';
import type { InspectedReplica } from './replica-log';
import type { Snapshot } from './types';
import type { Violation } from './violations';

export interface Playback {
  /** Virtual time shown, ms. */
  time: number;
  playing: boolean;
  /** Virtual ms per real ms. */
  speed: number;
  /** The furthest time this run has reached (the end of the scrubber). */
  maxTime: number;
  /** The simulation cannot keep up with the chosen speed. */
  behind: boolean;
}

export interface Frame {
  playback: Playback;
  snapshot: Snapshot;
  /** Bumped when the digest's history changed. */
  historyVersion: number;
  /**
   * What the guarantee checker found so far on the furthest run (Simulation.checker), in the order
   * found. The same array while nothing new is found.
   */
  violations: readonly Violation[];
}

export interface Driver {
  readonly scenario: Scenario;
  readonly digest: JournalDigest;
  play(): void;
  pause(): void;
  setSpeed(speed: number): void;
  /** Pauses and runs every event of the next instant. */
  step(): void;
  /** Moves to a virtual time, forward (simulating) or back (from a checkpoint, replaying). */
  seek(time: number): void;
  /** Takes a user action now. Returns the scheduled scenario action. */
  act(intent: ScenarioIntent): ScenarioAction;
  /** The actions a user took, with their times: what a share link carries. */
  userActions(): ScenarioAction[];
  /** Reads a replica's log for the inspector. */
  inspect(
    broker: number,
    topic: string,
    partition: number,
    window: { from: number; to: number },
  ): InspectedReplica;
  /** Called after every frame that changed something. */
  subscribe(fn: (frame: Frame) => void): () => void;
  /** Called on every animation frame, with the virtual time and the virtual ms one frame covers. */
  onTick(fn: (time: number, frameVirtualMs: number) => void): () => void;
  dispose(): void;
}
