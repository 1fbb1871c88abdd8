import { describe, expect, it } from 'vitest';
import { EventQueue } from './queue';
import { Rng } from '../core/rng';

interface Ev {
  time: number;
  seq: number;
}

describe('the event queue', () => {
  it('gives events back in (time, seq) order, however pushes and pops interleave', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const rng = Rng.from(seed, 'queue');
      const q = new EventQueue<Ev>();
      const reference: Ev[] = [];
      let seq = 0;
      let now = 0;
      for (let step = 0; step < 400; step++) {
        if (rng.int(3) > 0) {
          // In order (a burst at one instant, or later), or earlier than what is queued.
          const e = { time: now + (rng.int(2) ? 0 : rng.int(20)), seq: seq++ };
          q.push(e);
          reference.push(e);
        } else {
          reference.sort((a, b) => a.time - b.time || a.seq - b.seq);
          const want = reference.shift();
          expect(q.peek()).toBe(want);
          expect(q.pop()).toBe(want);
          if (want) now = want.time;
        }
        expect(q.size).toBe(reference.length);
      }
      reference.sort((a, b) => a.time - b.time || a.seq - b.seq);
      expect(q.sorted()).toEqual(reference);
      // A checkpoint's unsorted copy (heap and run) loads into the same queue as the sorted one.
      for (const saved of [q.sorted(), q.heapOrder()]) {
        expect(saved).toHaveLength(reference.length);
        const copy = new EventQueue<Ev>();
        copy.load(saved);
        for (const want of reference) expect(copy.pop()).toBe(want);
        expect(copy.pop()).toBeUndefined();
      }
    }
  });
});
