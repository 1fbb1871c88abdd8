// The runtime takes a scenario's intents as the scenario would have run them: the trace after acting
// is the CLI's for the scenario with those actions, in-process and with one worker per node, also when
// an intent lands on an instant the scenario already uses and when acting in the past.
import { describe, expect, it } from 'vitest';
import { runScenario, validateScenario, type Scenario } from '../sim/index';
import type { ScenarioAction } from '../scenario/schema';
import quickstart from '../scenario/builtins/quickstart.json';
import { channelWorkers } from './channel-worker';
import { RUNTIME_BEHAVIORS } from './registry';
import { createRuntime, type Runtime, type RuntimeMode } from './runtime';
import { Timeline } from './timeline';
import type { WorldCheckpoint } from '../sim/net/world';

const base = (() => {
  const r = validateScenario(quickstart);
  if (!r.ok) throw new Error(r.errors.join('; '));
  return r.scenario;
})();

async function open(mode: RuntimeMode): Promise<Runtime> {
  const workers = channelWorkers(RUNTIME_BEHAVIORS);
  return createRuntime(
    { scenario: base },
    { mode, spawnWorker: workers.spawn, frame: (cb) => setTimeout(cb, 0) },
  );
}

const withIntents = (rt: Runtime): Scenario => ({
  ...base,
  actions: [
    ...(base.actions ?? []),
    ...rt.intents().map((t) => ({ ...t.intent, at: t.time }) as ScenarioAction),
  ],
});

describe('intents taken as the scenario would run them', { timeout: 60_000 }, () => {
  for (const mode of ['in-process', 'workers'] as const) {
    it(`gives the CLI’s trace for the scenario with the intents (${mode})`, async () => {
      const rt = await open(mode);
      await rt.seek(2990);
      // Records at 2990..3030 ms, one on the scenario's own kill of broker 2 at 3000 ms.
      const t1 = await rt.act({
        type: 'produce',
        client: 'checkout',
        topic: 'orders',
        key: 'g{i}',
        value: 'v',
        count: 5,
        intervalMs: 10,
      });
      expect(t1).toBe(2990);
      await rt.seek(3000);
      await rt.act({ type: 'killBroker', broker: 1 });
      await rt.seek(12000);
      await rt.act({ type: 'restartBroker', broker: 1 });
      await rt.runTo(40000);
      expect(rt.intents().map((t) => [t.time, t.intent.type])).toEqual([
        [2990, 'produce'],
        [3000, 'killBroker'],
        [12000, 'restartBroker'],
      ]);
      expect(rt.status().traceHash).toBe(runScenario(withIntents(rt), { until: 40000 }).traceHash);

      // In the past: the later intents are another future, and go.
      await rt.seek(7000);
      await rt.act({ type: 'restartBroker', broker: 1 });
      await rt.runTo(40000);
      expect(rt.intents().map((t) => [t.time, t.intent.type])).toEqual([
        [2990, 'produce'],
        [3000, 'killBroker'],
        [7000, 'restartBroker'],
      ]);
      expect(rt.status().traceHash).toBe(runScenario(withIntents(rt), { until: 40000 }).traceHash);
      rt.dispose();
    });
  }
});

describe('the timeline', () => {
  it('thins out checkpoints on a long run, keeping the first and the newest', () => {
    const tl = new Timeline(1000, 8);
    const cp = {} as WorldCheckpoint;
    for (let t = 0; t <= 20_000; t += 1000) tl.add(t, t, cp);
    const times = tl.times();
    expect(times.length).toBeLessThanOrEqual(8);
    expect(times[0]).toBe(0);
    expect(times.at(-1)).toBe(20_000);
    expect(tl.latestAtOrBefore(12_500)!.now).toBeLessThanOrEqual(12_500);
  });

  it('keeps checkpoints evenly spread over a long run, so no seek replays far more than another', () => {
    const tl = new Timeline(1000, 16);
    const cp = {} as WorldCheckpoint;
    for (let t = 0; t <= 600_000; t += 1000) tl.add(t, t * 30, cp); // 30 events per virtual ms
    const times = tl.times();
    expect(times).toHaveLength(16);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    // 600 s over 15 gaps is 40 s each; repeated halving would leave the start with gaps of 256 s.
    expect(Math.max(...gaps)).toBeLessThanOrEqual(2 * (600_000 / 15));
  });
});

describe('playing', () => {
  it('plays on when play is pressed while a seek is still running', async () => {
    const rt = await createRuntime(
      { fixture: 'ping-cluster' },
      { mode: 'in-process', frame: (cb) => void setTimeout(cb, 0) },
    );
    const seek = rt.seek(200);
    rt.play();
    await seek;
    expect(rt.status().phase).toBe('playing');
    await new Promise((r) => setTimeout(r, 50));
    expect(rt.status().now).toBeGreaterThan(200);
    rt.pause();
    expect(rt.status().phase).toBe('paused');
    rt.dispose();
  });

  it('says when it cannot keep up with the speed, and not when it can', async () => {
    const rt = await createRuntime(
      { fixture: 'ping-cluster' },
      { mode: 'in-process', frame: (cb) => void setTimeout(cb, 0) },
    );
    // A million virtual ms per wall ms is beyond any machine; a thousandth of one is not.
    rt.setSpeed(1_000_000);
    rt.play();
    await expect.poll(() => rt.status().behind, { timeout: 5000 }).toBe(true);
    rt.setSpeed(0.001);
    await expect.poll(() => rt.status().behind, { timeout: 5000 }).toBe(false);
    rt.dispose();
  });
});
