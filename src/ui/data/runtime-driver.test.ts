// The runtime driver in Node, over stand-in workers (real MessageChannels and comlink, one per broker,
// the coordinator, and the clients): a run with user actions gives the CLI's trace for the shared
// scenario, seeks take the digest and the checker back with the world, the inspector reads a replica's
// log from its worker, and a dying worker is reported by node.
import { describe, expect, it } from 'vitest';
import { runScenario, type Scenario } from '../../sim/index';
import { channelWorkers } from '../../runtime/channel-worker';
import { RUNTIME_BEHAVIORS } from '../../runtime/registry';
import { RuntimeDriver } from './runtime-driver';
import {
  QUICKSTART_SCENARIO,
  actOnTheScenariosInstant,
  actThenActInThePast,
} from './share-journeys.test-util';
import type { Frame } from './driver';

function start(scenario: Scenario = QUICKSTART_SCENARIO) {
  const workers = channelWorkers(RUNTIME_BEHAVIORS);
  const driver = new RuntimeDriver(scenario, {
    runtime: { spawnWorker: workers.spawn, frame: (cb) => setTimeout(cb, 0) },
    ticker: () => () => {},
  });
  const frames: Frame[] = [];
  driver.subscribe((f) => frames.push(f));
  return { driver, workers, frames };
}

const traceOf = (d: RuntimeDriver) => d.runtimeStatus()!.traceHash;

async function at(d: RuntimeDriver, t: number) {
  d.seek(t);
  await d.idle();
  await new Promise((r) => setTimeout(r, 5)); // the update after the last operation
}

describe('the runtime driver, one worker per node', { timeout: 60_000 }, () => {
  it('runs brokers and the coordinator in workers of their own, and a share link replays the run', async () => {
    const { driver: d, workers } = start();
    const drive = { driver: d, at: (t: number) => at(d, t), trace: () => traceOf(d) };
    await at(d, 5003);
    expect(workers.running()).toEqual(
      ['broker-1', 'broker-2', 'broker-3', 'clients', 'zk'].filter((w) => w !== 'broker-2'),
    );
    await actThenActInThePast(drive);
    d.dispose();
    expect(workers.running()).toEqual([]);
  });

  it('gives the CLI’s trace when the action lands on an instant the scenario already uses', async () => {
    const { driver: d } = start();
    await actOnTheScenariosInstant({ driver: d, at: (t: number) => at(d, t), trace: () => traceOf(d) });
    d.dispose();
  });

  it('takes the digest and the checker back with the world on a seek', async () => {
    const { driver: d, frames } = start();
    await at(d, 60000);
    const events = d.digest.timeline.length;
    const found = d.violations().length;
    const snapEnd = frames.at(-1)!.snapshot;
    expect(snapEnd.brokers.filter((b) => b.alive)).toHaveLength(3);
    await at(d, 5000);
    // Broker 2 was killed at 3 s by the scenario: the snapshot says so, and history is kept, not doubled.
    expect(frames.at(-1)!.snapshot.brokers.find((b) => b.id === 2)!.alive).toBe(false);
    await at(d, 60000);
    expect(d.digest.timeline.length).toBe(events);
    expect(d.violations().length).toBe(found);
    expect(traceOf(d)).toBe(runScenario(QUICKSTART_SCENARIO, { until: 60000 }).traceHash);
    // Groups come from the brokers' views, fetched from the workers.
    expect(frames.at(-1)!.snapshot.groups.length).toBeGreaterThan(0);
    d.dispose();
  });

  it('seeks one after another (a dragged slider) end at the last target', async () => {
    const { driver: d, frames } = start();
    await at(d, 8000);
    for (const t of [10000, 20000, 15000, 3000, 12000]) d.seek(t);
    await d.idle();
    await new Promise((r) => setTimeout(r, 5));
    expect(d.runtimeStatus()!.now).toBe(12000);
    expect(frames.at(-1)!.playback.time).toBe(12000);
    d.dispose();
  });

  it('reads a replica’s log from its worker, and from the disk of a broker that is down', async () => {
    const { driver: d } = start();
    await at(d, 20000);
    const live = await d.inspect(1, 'orders', 0, { from: 0, to: 5 });
    expect(live.role).not.toBe('absent');
    expect(live.fromDisk).toBe(false);
    expect(live.logEndOffset).toBeGreaterThan(0);
    expect(live.records.map((r) => r.offset)).toEqual(
      [0, 1, 2, 3, 4].slice(0, Math.min(5, live.logEndOffset)),
    );
    d.act({ type: 'killBroker', broker: 1 });
    await at(d, 20001);
    const down = await d.inspect(1, 'orders', 0, { from: 0, to: 5 });
    expect(down.fromDisk).toBe(true);
    expect(down.logEndOffset).toBe(live.logEndOffset);
    d.dispose();
  });

  it('names the node whose worker died, pauses, and goes on after going back', async () => {
    const { driver: d, workers, frames } = start();
    await at(d, 10000);
    workers.kill('broker-1', 'out of memory');
    d.play();
    await d.idle();
    await new Promise((r) => setTimeout(r, 30));
    const failed = frames.at(-1)!;
    expect(failed.engine.failure).toMatchObject({ node: 'broker-1' });
    expect(failed.engine.failure!.message).toContain('out of memory');
    expect(failed.playback.playing).toBe(false);
    await at(d, failed.engine.recoverAt!);
    expect(frames.at(-1)!.engine.failure).toBeNull();
    await at(d, 60000);
    expect(traceOf(d)).toBe(runScenario(QUICKSTART_SCENARIO, { until: 60000 }).traceHash);
    expect(workers.running()).toContain('broker-1');
    d.dispose();
  });
});
