import { describe, expect, it } from 'vitest';
import type { NodeBehavior } from '../core/node';
import { seedRng } from '../core/rng';
import { NodeRunner, type NodeInput } from './node-runner';
import { World, type BatchResults } from './world';

// A node whose reactions are scripted by its input: what an earlier event of a batch does to later ones.
const scripted: NodeBehavior<{ log: string[] }> = {
  init: (_spec, _disk, ctx) => {
    ctx.setTimer('go', 0);
    return { log: [] };
  },
  onMessage(state, _from, msg, ctx) {
    const m = msg as { do: 'rearm' | 'cancel' | 'exit' | 'none'; timer?: string; delayMs?: number };
    state.log.push(`msg:${m.do}@${ctx.now}`);
    if (m.do === 'rearm') ctx.setTimer(m.timer!, m.delayMs ?? 0);
    if (m.do === 'cancel') ctx.cancelTimer(m.timer!);
    if (m.do === 'exit') ctx.exit();
  },
  onTimer(state, id, ctx) {
    if (id === 'go') {
      ctx.setTimer('a', 5);
      ctx.setTimer('b', 5);
      return;
    }
    state.log.push(`timer:${id}@${ctx.now}`);
  },
};

const sender: NodeBehavior<{ log: string[] }> = {
  ...scripted,
  init: (_spec, _disk, ctx) => {
    ctx.send('n', { do: 'rearm', timer: 'a' });
    ctx.send('n', { do: 'cancel', timer: 'b' });
    ctx.send('n', { do: 'rearm', timer: 'c', delayMs: 2 }); // armed at 5, due at 7: inside a window of 10
    return { log: [] };
  },
};

const behaviors = { scripted, sender } as Record<string, NodeBehavior<unknown>>;

const at = (now: number, inputs: NodeInput[], horizon = now) => ({
  inputs,
  times: inputs.map(() => now),
  horizon,
});

describe('a node runner in a batch', () => {
  const runner = () => {
    const r = new NodeRunner(
      { id: 'n', kind: 'scripted', config: null },
      behaviors.scripted!,
      seedRng(1, 'n'),
    );
    r.runBatch(at(0, [{ kind: 'init', disk: {} }]));
    r.runBatch(at(0, [{ kind: 'timer', timerId: 'go' }]));
    return r;
  };
  const log = (r: NodeRunner) => (r.state as { log: string[] }).log;

  it('does not fire a timer that an earlier input of the batch re-armed or cancelled', () => {
    const r = runner();
    const { outputs } = r.runBatch(
      at(5, [
        { kind: 'deliver', from: 'x', msg: { do: 'rearm', timer: 'a' } },
        { kind: 'timer', timerId: 'a' },
        { kind: 'deliver', from: 'x', msg: { do: 'cancel', timer: 'b' } },
        { kind: 'timer', timerId: 'b' },
      ]),
    );
    expect(outputs.map((o) => o !== null)).toEqual([true, false, true, false]);
    expect(log(r)).toEqual(['msg:rearm@5', 'msg:cancel@5']);
  });

  it('runs nothing after the node exits', () => {
    const r = runner();
    const { outputs } = r.runBatch(
      at(5, [
        { kind: 'deliver', from: 'x', msg: { do: 'exit' } },
        { kind: 'deliver', from: 'x', msg: { do: 'none' } },
        { kind: 'timer', timerId: 'a' },
      ]),
    );
    expect(outputs.map((o) => o !== null)).toEqual([true, false, false]);
    expect(r.alive).toBe(false);
  });

  it('fires the timers it arms before the horizon, after the queued inputs of their instant', () => {
    const r = runner();
    const { timers } = r.runBatch({
      inputs: [
        { kind: 'deliver', from: 'x', msg: { do: 'rearm', timer: 'a', delayMs: 0 } },
        { kind: 'deliver', from: 'x', msg: { do: 'rearm', timer: 'd', delayMs: 3 } },
        { kind: 'deliver', from: 'x', msg: { do: 'rearm', timer: 'e', delayMs: 9 } }, // beyond the horizon
        { kind: 'deliver', from: 'x', msg: { do: 'none' } },
      ],
      times: [5, 5, 5, 8],
      horizon: 10,
    });
    expect(timers.map((t) => `${t.timerId}@${t.time}`)).toEqual(['a@5', 'd@8']);
    expect(log(r)).toEqual([
      'msg:rearm@5',
      'msg:rearm@5',
      'msg:rearm@5',
      'timer:a@5',
      'msg:none@8',
      'timer:d@8',
    ]);
  });

  it('agrees with the world, which checks every decision when it merges', () => {
    // Three messages and both timers land on n at 5 ms; with 10 ms of lookahead, timer c (armed at 5
    // for 7) runs in the same batch. The batch exercises every rule at once.
    const build = () => {
      const w = new World({
        seed: 3,
        network: { latencyMs: 5, jitterMs: 0, dropNum: 0, dropDen: 1 },
        behaviors,
      });
      w.addNode({ id: 'n', kind: 'scripted', config: null });
      w.addNode({ id: 's', kind: 'sender', config: null });
      w.schedule(0, { type: 'start', node: 'n' });
      w.schedule(0, { type: 'start', node: 's' });
      return w;
    };
    const seq = build();
    seq.runUntil(20);
    const batched = build();
    const runners: Record<string, NodeRunner> = {};
    let windows = 0;
    for (let plan = batched.planBatch(20); plan; plan = batched.planBatch(20)) {
      windows++;
      const results: BatchResults = {};
      for (const [node, share] of Object.entries(plan.nodes)) {
        const slot = batched.nodes[node]!;
        runners[node] ??= new NodeRunner(slot.spec, behaviors[slot.spec.kind]!, slot.rng);
        results[node] = runners[node]!.runBatch({ ...share, horizon: plan.horizon });
      }
      batched.mergeBatch(plan, results);
    }
    expect(batched.traceHash()).toBe(seq.traceHash());
    expect(log(runners['n']!)).toEqual((seq.nodes['n']!.state as { log: string[] }).log);
    expect(log(runners['n']!)).toEqual([
      'msg:rearm@5',
      'msg:cancel@5',
      'msg:rearm@5',
      'timer:a@5',
      'timer:c@7',
    ]);
    expect(windows).toBeLessThan(seq.steps);
  });
});
