// The one scheduler's queue, ordered by (time, seq). seq is assigned when an event is scheduled and never
// reused, so ties at one virtual instant resolve in scheduling order.
//
// Events wait in buckets, one per virtual instant, found by time in a Map; a binary min-heap orders the
// instants. Virtual time is in whole milliseconds, and a busy simulation queues many events at few
// instants (a burst of commands re-arms one timer per command, all due at one instant; a scenario's
// scripted actions share their times): the heap stays as small as the number of distinct instants, and
// an event is pushed and popped at the cost of a Map lookup. Within a bucket, events are in seq order:
// pushes normally come in seq order (seq grows as events are scheduled), so they append; an event put
// back (a requeued batch, a restored checkpoint) is inserted at its place.

export interface Queued {
  time: number;
  seq: number;
}

/** The events queued for one instant, in seq order from `head` on (slots before it were popped). */
interface Bucket<E> {
  time: number;
  events: (E | undefined)[];
  head: number;
  /** The seq of its last event. */
  lastSeq: number;
}

export class EventQueue<E extends Queued> {
  private readonly buckets = new Map<number, Bucket<E>>();
  /** The instants that have a bucket, as a binary min-heap. */
  private times: number[] = [];
  /** The bucket of the earliest instant (times[0]), or undefined when the queue is empty. */
  private front: Bucket<E> | undefined = undefined;
  /** The bucket pushed to last: pushes come in runs at one instant, found again without the Map. */
  private pushed: Bucket<E> | undefined = undefined;
  private count = 0;

  get size(): number {
    return this.count;
  }

  peek(): E | undefined {
    const b = this.front;
    return b === undefined ? undefined : b.events[b.head];
  }

  push(e: E): void {
    this.count++;
    let b = this.pushed;
    // (An emptied bucket has left the Map: one for its instant may have been made since.)
    if (b === undefined || b.time !== e.time || b.head === b.events.length) b = this.buckets.get(e.time);
    if (b === undefined) {
      b = { time: e.time, events: [e], head: 0, lastSeq: e.seq };
      this.buckets.set(e.time, b);
      this.pushTime(e.time);
      if (this.front === undefined || e.time < this.front.time) this.front = b;
    } else if (b.lastSeq < e.seq) {
      b.events.push(e);
      b.lastSeq = e.seq;
    } else insertBySeq(b, e);
    this.pushed = b;
  }

  pop(): E | undefined {
    const b = this.front;
    if (b === undefined) return undefined;
    const e = b.events[b.head]!;
    b.events[b.head++] = undefined;
    this.count--;
    if (b.head === b.events.length) {
      this.buckets.delete(b.time);
      this.popTime();
      this.front = this.times.length > 0 ? this.buckets.get(this.times[0]!) : undefined;
    }
    return e;
  }

  private pushTime(t: number): void {
    const h = this.times;
    let i = h.length;
    h.push(t);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = h[parent]!;
      if (p < t) break;
      h[i] = p;
      i = parent;
    }
    h[i] = t;
  }

  private popTime(): void {
    const h = this.times;
    const last = h.pop()!;
    const n = h.length;
    if (n === 0) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && h[r]! < h[l]! ? r : l;
      if (last < h[c]!) break;
      h[i] = h[c]!;
      i = c;
    }
    h[i] = last;
  }

  /** The events in (time, seq) order, without disturbing the queue. For checkpoints and views. */
  sorted(): E[] {
    const out: E[] = [];
    for (const t of [...this.times].sort((a, b) => a - b)) {
      const b = this.buckets.get(t)!;
      for (let i = b.head; i < b.events.length; i++) out.push(b.events[i]!);
    }
    return out;
  }

  /**
   * Every event, the instants in no particular order (each instant's events in seq order): for
   * checkpoints, cheaper than sorted() for a long queue. `load` rebuilds an equivalent queue from it
   * ((time, seq) is unique, so any order does).
   */
  heapOrder(): E[] {
    const out: E[] = [];
    for (const b of this.buckets.values()) {
      for (let i = b.head; i < b.events.length; i++) out.push(b.events[i]!);
    }
    return out;
  }

  /** Replaces the content (restoring a checkpoint). */
  load(events: E[]): void {
    this.buckets.clear();
    this.times = [];
    this.front = undefined;
    this.pushed = undefined;
    this.count = 0;
    for (const e of events) this.push(e);
  }
}

/** Puts `e` at its place by seq among a bucket's waiting events (binary search). */
function insertBySeq<E extends Queued>(b: Bucket<E>, e: E): void {
  const events = b.events;
  let lo = b.head;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (events[mid]!.seq < e.seq) lo = mid + 1;
    else hi = mid;
  }
  if (lo === b.head && b.head > 0) events[--b.head] = e;
  else events.splice(lo, 0, e);
}
