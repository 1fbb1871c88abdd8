// The one scheduler's queue: a binary min-heap of events ordered by (time, seq). seq is assigned when an
// event is scheduled and never reused, so ties at one virtual instant resolve in scheduling order.

export interface Queued {
  time: number;
  seq: number;
}

export class EventQueue<E extends Queued> {
  private heap: E[] = [];

  get size(): number {
    return this.heap.length;
  }

  peek(): E | undefined {
    return this.heap[0];
  }

  push(e: E): void {
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

  pop(): E | undefined {
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
    return this.heap.slice().sort((a, b) => a.time - b.time || a.seq - b.seq);
  }

  /**
   * The events in heap order (a copy), for checkpoints: cheaper than sorted() for a long queue, and
   * `load` rebuilds the same queue from it ((time, seq) is unique, so any order does) in linear time.
   */
  heapOrder(): E[] {
    return this.heap.slice();
  }

  /** Replaces the content (restoring a checkpoint). */
  load(events: E[]): void {
    this.heap = [];
    for (const e of events) this.push(e);
  }
}
