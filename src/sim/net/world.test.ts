import { describe, expect, it } from 'vitest';
import { World, type WorldAction } from './world';
import type { JournalEntry } from './journal';
import { pingerBehavior, type PingerState } from '../testing/pinger';
import { Rng } from '../core/rng';
import { applyNetOp, createNetwork, isBlocked } from './network';

function makeWorld(seed: number, n = 3, latencyMs = 5, jitterMs = 4) {
  const ids = Array.from({ length: n }, (_, i) => `n${i + 1}`);
  const world = new World({
    seed,
    network: { latencyMs, jitterMs, dropNum: 0, dropDen: 1 },
    behaviors: { pinger: pingerBehavior },
  });
  for (const id of ids) {
    world.addNode({
      id,
      kind: 'pinger',
      config: { peers: ids.filter((p) => p !== id), intervalMs: 3, intervalJitterMs: 2 },
    });
    world.schedule(0, { type: 'start', node: id });
  }
  const journal: JournalEntry[] = [];
  world.onJournal((e) => journal.push(e));
  return { world, ids, journal };
}

const state = (w: World, id: string) => w.nodes[id]!.state as PingerState;

describe('the world', () => {
  it('gives the same trace hash for the same seed, and a different one for another seed', () => {
    const a = makeWorld(7);
    a.world.runUntil(1000);
    const b = makeWorld(7);
    b.world.runUntil(1000);
    const c = makeWorld(8);
    c.world.runUntil(1000);
    expect(a.world.traceHash()).toBe(b.world.traceHash());
    expect(a.world.traceHash()).not.toBe(c.world.traceHash());
    expect(a.journal.length).toBe(b.journal.length);
  });

  it('keeps each directed link FIFO under jitter', () => {
    const { world, journal } = makeWorld(3, 3, 1, 20);
    world.runUntil(2000);
    const lastId: Record<string, number> = {};
    let deliveries = 0;
    for (const e of journal) {
      if (e.kind !== 'deliver') continue;
      deliveries++;
      const key = `${e.from}->${e.to}`;
      expect(e.id).toBeGreaterThan(lastId[key] ?? 0);
      lastId[key] = e.id;
    }
    expect(deliveries).toBeGreaterThan(1000);
    expect(journal.some((e) => e.kind === 'event' && e.event.type === 'reordered')).toBe(false);
  });

  it('blocks both directions with a symmetric partition and one direction with a one-way cut', () => {
    const { world, journal } = makeWorld(1);
    world.schedule(100, { type: 'net', op: { op: 'partition', groups: [['n1'], ['n2', 'n3']] } });
    world.schedule(200, { type: 'net', op: { op: 'heal' } });
    world.schedule(300, { type: 'net', op: { op: 'cut', from: 'n1', to: 'n2', oneWay: true } });
    world.runUntil(400);
    const delivered = (from: string, to: string, t0: number, t1: number) =>
      journal.filter(
        (e) => e.kind === 'deliver' && e.from === from && e.to === to && e.time >= t0 && e.time < t1,
      ).length;
    expect(delivered('n1', 'n2', 120, 200)).toBe(0);
    expect(delivered('n2', 'n1', 120, 200)).toBe(0);
    expect(delivered('n2', 'n3', 120, 200)).toBeGreaterThan(0);
    expect(delivered('n1', 'n2', 220, 300)).toBeGreaterThan(0);
    expect(delivered('n1', 'n2', 320, 400)).toBe(0);
    expect(delivered('n2', 'n1', 320, 400)).toBeGreaterThan(0);
    expect(journal.some((e) => e.kind === 'drop' && e.reason === 'partition')).toBe(true);
  });

  it('isolates a node from everyone', () => {
    const { world, journal } = makeWorld(2);
    world.schedule(50, { type: 'net', op: { op: 'isolate', node: 'n3' } });
    world.runUntil(300);
    const late = journal.filter((e) => e.kind === 'deliver' && e.time > 70);
    expect(late.some((e) => e.kind === 'deliver' && (e.from === 'n3' || e.to === 'n3'))).toBe(false);
    expect(late.some((e) => e.kind === 'deliver' && e.from === 'n1' && e.to === 'n2')).toBe(true);
  });

  it('loses a crashed node’s memory and keeps its disk', () => {
    const { world, journal } = makeWorld(4);
    world.schedule(500, { type: 'crash', node: 'n2' });
    world.runUntil(499);
    const sentBefore = state(world, 'n2').sent;
    expect(state(world, 'n2').received).toBeGreaterThan(0);
    world.runUntil(700);
    expect(world.nodes['n2']!.state).toBeNull();
    expect(journal.some((e) => e.kind === 'deliver' && e.to === 'n2' && e.time > 500)).toBe(false);
    expect(journal.some((e) => e.kind === 'drop' && e.to === 'n2' && e.reason === 'dead')).toBe(true);
    const onDisk = world.nodes['n2']!.disk['sent'] as number;
    expect(onDisk).toBeGreaterThanOrEqual(sentBefore);
    world.schedule(700, { type: 'restart', node: 'n2' });
    world.runUntil(700);
    expect(state(world, 'n2').sent).toBe(onDisk); // rebuilt from disk
    expect(state(world, 'n2').received).toBe(0); // memory started empty
    world.runUntil(800);
    expect(state(world, 'n2').received).toBeGreaterThan(0);
  });

  it('delivers nothing sent to an earlier life of a restarted node', () => {
    const { world, journal } = makeWorld(5, 2, 50, 0);
    world.schedule(100, { type: 'crash', node: 'n2' });
    world.schedule(101, { type: 'restart', node: 'n2' });
    world.runUntil(400);
    expect(journal.some((e) => e.kind === 'drop' && e.to === 'n2' && e.reason === 'stale')).toBe(true);
    for (const e of journal) {
      if (e.kind === 'deliver' && e.to === 'n2') expect(e.sentAt >= 101 || e.time < 100).toBe(true);
    }
  });

  it('keeps every kernel invariant across 1000 seeds of random fault schedules', () => {
    for (let seed = 1; seed <= 1000; seed++) {
      const rng = Rng.from(seed, 'faults');
      const n = rng.range(2, 5);
      const { world, ids, journal } = makeWorld(seed, n, rng.range(1, 10), rng.range(0, 10));
      const faults: [number, WorldAction][] = [];
      for (let i = 0; i < 12; i++) {
        const at = rng.range(1, 400);
        const node = rng.pick(ids);
        const other = rng.pick(ids);
        const f = rng.int(7);
        const action: WorldAction =
          f === 0
            ? { type: 'crash', node }
            : f === 1
              ? { type: 'restart', node }
              : f === 2
                ? { type: 'net', op: { op: 'partition', groups: [[node], ids.filter((x) => x !== node)] } }
                : f === 3
                  ? { type: 'net', op: { op: 'heal' } }
                  : f === 4
                    ? { type: 'net', op: { op: 'cut', from: node, to: other, oneWay: rng.chance(1, 2) } }
                    : f === 5
                      ? {
                          type: 'net',
                          op: {
                            op: 'setLink',
                            from: node,
                            to: other,
                            params: { latencyMs: rng.range(1, 40), jitterMs: rng.range(0, 20) },
                            oneWay: false,
                          },
                        }
                      : { type: 'net', op: { op: 'isolate', node } };
        faults.push([at, action]);
        world.schedule(at, action);
      }
      world.runUntil(500);
      checkInvariants(journal, seed);
    }
  }, 30_000);
});

/** Replays the journal against a shadow model of liveness and links. */
function checkInvariants(journal: JournalEntry[], seed: number): void {
  const fail = (msg: string) => {
    throw new Error(`seed ${seed}: ${msg}`);
  };
  let now = 0;
  const alive: Record<string, boolean> = {};
  const life: Record<string, number> = {};
  const sentLife: Record<number, number> = {};
  const lastDelivered: Record<string, number> = {};
  const sentAt: Record<number, number> = {};
  const net = createNetwork({ latencyMs: 1, jitterMs: 0, dropNum: 0, dropDen: 1 }, [1, 2, 3, 4]);
  for (const e of journal) {
    if (e.time < now) fail(`time went back from ${now} to ${e.time}`);
    now = e.time;
    switch (e.kind) {
      case 'start':
        alive[e.node] = true;
        life[e.node] = e.incarnation;
        break;
      case 'crash':
        alive[e.node] = false;
        break;
      case 'send':
        // Only the network answers for a dead process: a reset, ConnectionRefused.
        if (
          !alive[e.from] &&
          !['ConnectionRefused', 'ConnectionClosed'].includes((e.msg as { type?: string }).type ?? '')
        ) {
          fail(`dead node ${e.from} sent`);
        }
        if (e.deliverAt < e.time + 1) fail('a message faster than 1 ms');
        sentAt[e.id] = e.time;
        sentLife[e.id] = life[e.to] ?? 0;
        break;
      case 'deliver': {
        if (!alive[e.to]) fail(`delivered to dead node ${e.to}`);
        if (isBlocked(net, e.from, e.to)) fail(`delivered across a partition ${e.from}->${e.to}`);
        if (sentLife[e.id] !== life[e.to]) fail(`message ${e.id} crossed a restart of ${e.to}`);
        if (sentAt[e.id] !== e.sentAt) fail('unknown message delivered');
        const key = `${e.from}->${e.to}`;
        if ((lastDelivered[key] ?? 0) > e.id) fail(`FIFO broken on ${key}`);
        lastDelivered[key] = e.id;
        break;
      }
      case 'net':
        applyNetOp(net, e.op);
        break;
      case 'timer':
        if (!alive[e.node]) fail(`timer fired on dead node ${e.node}`);
        break;
      case 'event':
        if (e.event.type === 'reordered') fail(`node ${e.node} saw a reordered ping`);
        break;
    }
  }
}
