// How the host reaches a worker: a client for its NodeWorkerApi (worker-protocol.ts), a way to end it,
// and a signal when it dies on its own. Real Web Workers in the browser (browser-worker.ts);
// MessageChannel pairs in Node tests (channel-worker.ts), which cross the same structured-clone boundary.
import type { NodeWorkerClient } from './worker-protocol';

export interface WorkerHandle {
  readonly name: string;
  readonly api: NodeWorkerClient;
  terminate(): void;
  /** Called at most once, when the worker dies without being asked to (an uncaught error, a crash). */
  onDeath(listener: (reason: string) => void): void;
}

/** Starts a worker named for the node (or group of nodes) it will host. */
export type SpawnWorker = (name: string) => WorkerHandle;
