// The one scheduler's queue, ordered by (time, seq). seq is assigned when an event is scheduled and never
// reused, so ties at one virtual instant resolve in scheduling order.
//
// Two parts: a binary min-heap, and a run of events that were pushed in (time, seq) order, each after
// the one before, read from its front. Most pushes land there (a scenario's scripted actions, scheduled
// all at once; the re-armed timers of a burst of commands, all due at one instant) and cost nothing to
// push or pop, which keeps the heap small. The next event is the earlier of the two fronts.

export interface Queued {
  time: number;
  seq: number;
}

const before = (a: Queued, b: Queued): boolean => a.time < b.time || (a.time === b.time && a.seq < b.seq);

export class EventQueue<E extends Queued> {
  private heap: E[] = [];
  /** In (time, seq) order from `head` on; slots before `head` were popped (undefined). */
  private run: (E | undefined)[] = [];
  private head = 0;

  get size(): number {
    return this.heap.length + this.run.length - this.head;
  }

  peek(): E | undefined {
    const r = this.run[this.head];
    const h = this.heap[0];
    if (r === undefined) return h;
    if (h === undefined) return r;
    return before(h, r) ? h : r;
  }

  push(e: E): void {
    const run = this.run;
    if (run.length === this.head) {
      if (this.head > 0) {
        this.run = [e];
        this.head = 0;
      } else run.push(e);
      return;
    }
    if (before(run[run.length - 1]!, e)) {
      run.push(e);
      return;
    }
    this.pushHeap(e);
  }

  pop(): E | undefined {
    const r = this.run[this.head];
    const h = this.heap[0];
    if (r !== undefined && (h === undefined || before(r, h))) {
      this.run[this.head++] = undefined;
      if (this.head === this.run.length) {
        this.run = [];
        this.head = 0;
      }
      return r;
    }
    return this.popHeap();
  }

  private pushHeap(e: E): void {
    const h = this.heap;
    let i = h.length;
    h.push(e);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = h[parent]!;
      if (p.time < e.time || (p.time === e.time && p.seq < e.seq)) break;
      h[i] = p;
      i = parent;
    }
    h[i] = e;
  }

  private popHeap(): E | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (top === undefined || last === undefined || h.length === 0) return top;
    const n = h.length;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let c = l;
      let ce = h[l]!;
      if (r < n) {
        const re = h[r]!;
        if (re.time < ce.time || (re.time === ce.time && re.seq < ce.seq)) {
          c = r;
          ce = re;
        }
      }
      if (last.time < ce.time || (last.time === ce.time && last.seq < ce.seq)) break;
      h[i] = ce;
      i = c;
    }
    h[i] = last;
    return top;
  }

  /** The events in (time, seq) order, without disturbing the queue. For checkpoints and views. */
  sorted(): E[] {
    const all = this.heap.concat(this.run.slice(this.head) as E[]);
    return all.sort((a, b) => a.time - b.time || a.seq - b.seq);
  }

  /**
   * Every event, unsorted (the heap in heap order, then the run): for checkpoints, cheaper than sorted()
   * for a long queue. `load` rebuilds an equivalent queue from it ((time, seq) is unique, so any order
   * does); heap order re-pushes without sifting, the run's events go back to the run.
   */
  heapOrder(): E[] {
    return this.heap.concat(this.run.slice(this.head) as E[]);
  }

  /** Replaces the content (restoring a checkpoint). */
  load(events: E[]): void {
    this.heap = [];
    this.run = [];
    this.head = 0;
    for (const e of events) this.push(e);
  }
}
