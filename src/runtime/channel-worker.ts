// Stand-in workers for Node tests: the worker side runs in this thread, behind a real MessageChannel, so
// every batch crosses structured clone and the worker protocol exactly as it does to a Web Worker.
import type { AnyNodeBehavior } from '../sim/core/node';
import { createNodeWorkerApi } from './worker-api';
import { connectNodeWorker, serveNodeWorker } from './worker-protocol';
import type { SpawnWorker, WorkerHandle } from './worker-handle';

export interface ChannelWorkers {
  spawn: SpawnWorker;
  /** Names of the workers started so far, in order, and of those still running. */
  started: string[];
  running(): string[];
  /** Simulates a worker dying on its own. */
  kill(name: string, reason: string): void;
}

export function channelWorkers(behaviors: Record<string, AnyNodeBehavior>): ChannelWorkers {
  const live = new Map<string, { port1: MessagePort; port2: MessagePort; die: (r: string) => void }>();
  const started: string[] = [];
  const spawn: SpawnWorker = (name): WorkerHandle => {
    const { port1, port2 } = new MessageChannel();
    serveNodeWorker(createNodeWorkerApi(behaviors), port1);
    const api = connectNodeWorker(port2);
    let deathListener: ((reason: string) => void) | null = null;
    started.push(name);
    const close = () => {
      live.delete(name);
      port1.close();
      port2.close();
    };
    live.set(name, {
      port1,
      port2,
      die: (r) => {
        close();
        deathListener?.(r);
      },
    });
    return {
      name,
      api,
      terminate() {
        api.close();
        close();
      },
      onDeath(listener) {
        deathListener = listener;
      },
    };
  };
  return {
    spawn,
    started,
    running: () => [...live.keys()].sort(),
    kill: (name, reason) => live.get(name)?.die(reason),
  };
}
