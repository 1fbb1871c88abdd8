// The runtime's memory of history: checkpoints (the whole world as plain data, every few virtual seconds
// and before every intent) and the intents a user took, each with the position it was taken at (virtual
// time and events processed). Seeking restores the latest checkpoint at or before the target and
// re-applies the recorded intents at their positions while re-simulating, so history replays exactly.
// Acting in the past forks: the intents and checkpoints after that point are dropped.
import type { WorldCheckpoint } from '../sim/net/world';
import type { Intent } from './intents';

export interface TimelineCheckpoint {
  now: number;
  steps: number;
  /** How many recorded intents were already scheduled in the checkpointed world. */
  intents: number;
  checkpoint: WorldCheckpoint;
  /** The model's journal-derived state at that point (Model.save). */
  model: unknown;
}

export interface RecordedIntent {
  /** Where it is scheduled: virtual time and events processed. */
  at: number;
  steps: number;
  intent: Intent;
  /**
   * The virtual time the action is for. Taken live, it is `at`; replayed as a scenario would run it
   * (see Runtime.act), it is scheduled earlier, at a checkpoint, for this later time.
   */
  time: number;
}

export class Timeline {
  private checkpoints: TimelineCheckpoint[] = [];
  private intents: RecordedIntent[] = [];
  /** How many recorded intents the world (as it is now) has scheduled. */
  private applied = 0;

  constructor(
    readonly everyMs: number,
    /** Beyond this many checkpoints, every other one goes (the first and the newest stay). */
    readonly maxCheckpoints = 64,
  ) {
    if (!(everyMs > 0)) throw new RangeError(`checkpoint interval must be positive, got ${everyMs}`);
    if (!(maxCheckpoints >= 2)) throw new RangeError(`at least 2 checkpoints, got ${maxCheckpoints}`);
  }

  add(now: number, steps: number, checkpoint: WorldCheckpoint, model: unknown = null): void {
    const cp = { now, steps, intents: this.applied, checkpoint, model };
    let i = this.checkpoints.length;
    while (i > 0 && before(cp, this.checkpoints[i - 1]!)) i--;
    this.checkpoints.splice(i, 0, cp);
    // Each checkpoint holds every node's memory: a long run thins them out, so that the whole run
    // stays reachable in bounded memory, evenly by events run.
    thinEvenly(this.checkpoints, this.maxCheckpoints, (c) => c.steps, cp);
  }

  /** Whether a checkpoint exists at this time for the current intent count. */
  has(now: number): boolean {
    return this.checkpoints.some((c) => c.now === now && c.intents === this.applied);
  }

  /** Events processed at the latest checkpoint of the current history. */
  lastCheckpointSteps(): number {
    let steps = 0;
    for (const c of this.checkpoints) if (c.intents <= this.applied && c.steps > steps) steps = c.steps;
    return steps;
  }

  times(): number[] {
    return [...new Set(this.checkpoints.map((c) => c.now))];
  }

  nextCheckpointAfter(now: number): number {
    return (Math.floor(now / this.everyMs) + 1) * this.everyMs;
  }

  latestAtOrBefore(t: number): TimelineCheckpoint | undefined {
    let found: TimelineCheckpoint | undefined;
    for (const c of this.checkpoints) if (c.now <= t) found = c;
    return found;
  }

  pendingIntent(): RecordedIntent | undefined {
    return this.intents[this.applied];
  }

  takeIntent(): RecordedIntent {
    const i = this.intents[this.applied];
    if (!i) throw new Error('no recorded intent to apply');
    this.applied++;
    return i;
  }

  /** The world went back to a checkpoint that had `applied` intents scheduled. */
  rewind(applied: number): void {
    this.applied = applied;
  }

  /** Acting at (now, steps): what was recorded after this point is another history now. */
  fork(now: number, steps: number): void {
    this.intents.length = this.applied;
    this.checkpoints = this.checkpoints.filter(
      (c) => c.now < now || (c.now === now && c.steps <= steps && c.intents <= this.applied),
    );
  }

  record(at: number, steps: number, intent: Intent, time = at): void {
    this.intents.push({ at, steps, intent, time });
  }

  /** Every intent of this history, applied or still to come, in the order taken. */
  recorded(): readonly RecordedIntent[] {
    return this.intents;
  }

  /** How many recorded intents the world (as it is now) has scheduled. */
  appliedCount(): number {
    return this.applied;
  }

  /** The checkpoints of this history at or before (now, steps), latest first. */
  before(now: number, steps: number): TimelineCheckpoint[] {
    return this.checkpoints
      .filter((c) => c.intents <= this.applied && (c.now < now || (c.now === now && c.steps <= steps)))
      .reverse();
  }

  /** The checkpoint the run started from (time 0, nothing run). */
  first(): TimelineCheckpoint {
    return this.checkpoints[0]!;
  }

  /**
   * History restarts from a world that had every intent scheduled before it ran (a scenario with
   * them in its actions): one checkpoint, at its start.
   */
  restart(intents: { intent: Intent; time: number }[], checkpoint: WorldCheckpoint, model: unknown): void {
    this.intents = intents.map((i) => ({ at: 0, steps: 0, intent: i.intent, time: i.time }));
    this.applied = intents.length;
    this.checkpoints = [{ now: 0, steps: 0, intents: this.applied, checkpoint, model }];
  }
}

function before(a: TimelineCheckpoint, b: TimelineCheckpoint): boolean {
  return (
    a.now < b.now ||
    (a.now === b.now && (a.steps < b.steps || (a.steps === b.steps && a.intents < b.intents)))
  );
}

/**
 * Thins a list of checkpoints, in run order, down to `max`: while there are too many, the one to go is
 * the one (not the first, the newest or `keep`) whose neighbours are closest by `at` (events run, or
 * virtual time). A seek re-simulates from the checkpoint before it, so what matters is that no stretch
 * of the run is left with far more to replay than the others; dropping every other one again and again
 * would leave the start of a long run with few checkpoints, far apart.
 */
export function thinEvenly<C>(list: C[], max: number, at: (c: C) => number, keep: C): void {
  while (list.length > max) {
    let best = -1;
    let bestGap = Infinity;
    for (let j = 1; j < list.length - 1; j++) {
      if (list[j] === keep) continue;
      const gap = at(list[j + 1]!) - at(list[j - 1]!);
      if (gap < bestGap) {
        bestGap = gap;
        best = j;
      }
    }
    if (best < 0) return;
    list.splice(best, 1);
  }
}
