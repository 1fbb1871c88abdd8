// Real module Web Workers, one per name, each running src/workers/node.worker.ts.
import { connectNodeWorker } from './worker-protocol';
import type { SpawnWorker } from './worker-handle';

export const spawnBrowserWorker: SpawnWorker = (name) => {
  const worker = new Worker(new URL('../workers/node.worker.ts', import.meta.url), { type: 'module', name });
  const api = connectNodeWorker(worker);
  let deathListener: ((reason: string) => void) | null = null;
  let dead = false;
  const die = (reason: string) => {
    if (dead) return;
    dead = true;
    deathListener?.(reason);
  };
  worker.addEventListener('error', (e) => {
    e.preventDefault();
    die(e.message || 'the worker failed to load or threw outside a node');
  });
  worker.addEventListener('messageerror', () => die('a message from the worker could not be read'));
  return {
    name,
    api,
    terminate() {
      dead = true;
      api.close();
      worker.terminate();
    },
    onDeath(listener) {
      deathListener = listener;
    },
  };
};
