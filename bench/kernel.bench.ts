// Kernel figures: scheduled-and-delivered events per second for a 10-node message workload, and bytes
// per queued event. Target: at least 1,000,000 events/s in Node on a 2-core machine.
import { World } from '../src/sim/net/world';
import { pingerBehavior } from '../src/sim/testing/pinger';

function makeWorld(nodes: number, intervalMs: number) {
  const ids = Array.from({ length: nodes }, (_, i) => `n${i + 1}`);
  const world = new World({
    seed: 1,
    network: { latencyMs: 2, jitterMs: 1, dropNum: 0, dropDen: 1 },
    behaviors: { pinger: pingerBehavior },
  });
  for (const id of ids) {
    world.addNode({
      id,
      kind: 'pinger',
      config: { peers: ids.filter((p) => p !== id), intervalMs, intervalJitterMs: 0 },
    });
    world.schedule(0, { type: 'start', node: id });
  }
  return world;
}

function eventsPerSecond(): void {
  const world = makeWorld(10, 1);
  world.runUntil(2000); // warm up the JIT
  const steps0 = world.steps;
  const t0 = performance.now();
  world.runUntil(world.now + 20000);
  const ms = performance.now() - t0;
  const events = world.steps - steps0;
  console.log(`10-node ping workload: ${events} events in ${ms.toFixed(0)} ms`);
  console.log(
    `kernel throughput: ${Math.round((events / ms) * 1000).toLocaleString('en')} events/s (target >= 1,000,000)`,
  );
}

function bytesPerQueuedEvent(): void {
  // Freeze a world with many messages in flight: long latency, frequent pings, then measure the heap.
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage().heapUsed;
  const world = new World({
    seed: 2,
    network: { latencyMs: 100000, jitterMs: 0, dropNum: 0, dropDen: 1 },
    behaviors: { pinger: pingerBehavior },
  });
  const ids = Array.from({ length: 10 }, (_, i) => `n${i + 1}`);
  for (const id of ids) {
    world.addNode({
      id,
      kind: 'pinger',
      config: { peers: ids.filter((p) => p !== id), intervalMs: 1, intervalJitterMs: 0 },
    });
    world.schedule(0, { type: 'start', node: id });
  }
  world.runUntil(20000);
  gc?.();
  const bytes = process.memoryUsage().heapUsed - before;
  console.log(`queued events: ${world.queue.size.toLocaleString('en')}`);
  console.log(
    `bytes per queued event: ${Math.round(bytes / world.queue.size)}${gc ? '' : ' (run with node --expose-gc for a steadier figure)'}`,
  );
}

export default function kernelBench(): void {
  eventsPerSecond();
  bytesPerQueuedEvent();
}
