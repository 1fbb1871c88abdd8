// What the UI asks of a running cluster. Two implementations: runtime-driver.ts runs it on the runtime
// (src/runtime), each broker and the coordinator in a Web Worker of its own (the default), and
// in-process-driver.ts runs the Simulation on the page's main thread (?engine=main). Every change a
// user makes goes through `act`, as a scenario action at the current time. The runtime is asynchronous:
// commands return at once and their effect shows in a later frame; reads of node memory are promises.
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

/** Where the nodes run, and what went wrong there. */
export interface EngineInfo {
  /** 'workers': one Web Worker per broker and for the coordinator (clients share one); 'main': this thread. */
  mode: EngineMode;
  /** The running workers' names (empty on the main thread). */
  workers: string[];
  /** A node threw or its worker died: the simulation is paused until it goes back in time. */
  failure: { node: string; message: string; at: number } | null;
  /** A time to go back to, before the failure (a checkpoint), when there is a failure. */
  recoverAt: number | null;
}

export type EngineMode = 'workers' | 'main';

export interface Frame {
  engine: EngineInfo;
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
  /** Takes a user action now (its effect shows in a later frame). */
  act(intent: ScenarioIntent): void;
  /** The actions a user took, with their times: what a share link carries. */
  userActions(): ScenarioAction[];
  /** Reads a replica's log for the inspector (from its worker when it runs in one). */
  inspect(
    broker: number,
    topic: string,
    partition: number,
    window: { from: number; to: number },
  ): Promise<InspectedReplica>;
  /** Called after every frame that changed something. */
  subscribe(fn: (frame: Frame) => void): () => void;
  /** Called on every animation frame, with the virtual time and the virtual ms one frame covers. */
  onTick(fn: (time: number, frameVirtualMs: number) => void): () => void;
  dispose(): void;
}
