import type { Page, Worker } from '@playwright/test';

// The Web Workers a page starts, watched from outside: each by its name (the node it hosts, given at
// creation), and whether it has ended.

export interface SeenWorker {
  name: string;
  closed: boolean;
  worker: Worker;
}

/** Every worker the page starts from now on. */
export function watchWorkers(page: Page): SeenWorker[] {
  const seen: SeenWorker[] = [];
  page.on('worker', (w: Worker) => {
    const entry: SeenWorker = { name: '?', closed: false, worker: w };
    seen.push(entry);
    w.on('close', () => (entry.closed = true));
    void w
      .evaluate(() => self.name)
      .then((name) => (entry.name = name))
      .catch(() => {});
  });
  return seen;
}

/** The names of the workers still running, sorted. */
export const running = (seen: SeenWorker[]) =>
  seen
    .filter((w) => !w.closed)
    .map((w) => w.name)
    .sort();
