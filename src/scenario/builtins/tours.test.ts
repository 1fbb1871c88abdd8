// Golden tests for the built-in scenarios: each runs through the same path as `npm run sim`, and must give
// its pinned trace hash and the facts its tour narrates. A change to the simulation that changes a hash
// must come with a look at the tour's words: are they still true?
import { describe, expect, it } from 'vitest';
import { Simulation, validateScenario, type Scenario, type SimResult } from '../../sim/index';
import type { JournalEntry } from '../../sim/net/journal';
import { BUILTIN_SCENARIOS, TOURS } from './index';

const HASHES: Record<string, string> = {
  quickstart: 'bd24c816f6692635',
  decoupled: 'e79b72ee9782aa52',
  keys: '0742ea516aebd209',
  acks: 'bb6988b4637d3d87',
  failover: '8fc58cfb4fcff63d',
  isr: '97774a42f0533176',
  unclean: 'a8740cdce8f49a24',
  'min-isr': '810d30aeab29ada6',
  groups: '5c0812bf1435f77a',
  assignors: '6a835214f8ef9a89',
  'processing-modes': '6232020c96c31ae5',
  retention: '142da0c0162033b4',
  compaction: '617cc6fb7a824f20',
  bootstrap: '4fa4e205f341912e',
  zookeeper: 'dff8cd6979a326b0',
  racks: '0277ff4efe99e938',
};

interface Run {
  scenario: Scenario;
  /** The result at each requested time, then at the scenario's end. */
  at: Record<number, SimResult>;
  end: SimResult;
  events: (Record<string, unknown> & { type: string; time: number; node: string })[];
  sends: Extract<JournalEntry, { kind: 'send' }>[];
}

function load(id: string): Scenario {
  const b = BUILTIN_SCENARIOS.find((x) => x.id === id)!;
  const r = validateScenario(b.scenario);
  if (!r.ok) throw new Error(`${id}: ${r.errors.join('; ')}`);
  return r.scenario;
}

/** Runs a built-in once, reading the result at the tour's pauses (and `extra` times) along the way. */
function run(id: string, extra: number[] = []): Run {
  const scenario = load(id);
  const sim = new Simulation(scenario);
  const events: Run['events'] = [];
  const sends: Run['sends'] = [];
  sim.world.onJournal((e) => {
    if (e.kind === 'event') events.push({ ...(e.event as { type: string }), time: e.time, node: e.node });
    else if (e.kind === 'send') sends.push(e);
  });
  const times = [...new Set([...(scenario.tour?.steps.map((s) => s.at) ?? []), ...extra])].sort(
    (a, b) => a - b,
  );
  const at: Record<number, SimResult> = {};
  for (const t of times) {
    sim.runUntil(t);
    at[t] = sim.result();
  }
  sim.runUntil(scenario.until ?? 60000);
  return { scenario, at, end: sim.result(), events, sends };
}

const part = (r: SimResult, topic: string, p = 0) =>
  r.partitions.find((x) => x.topic === topic && x.partition === p)!;
const producer = (r: SimResult, id: string) => r.producers.find((x) => x.clientId === id)!;
const consumer = (r: SimResult, id: string) => r.consumers.find((x) => x.clientId === id)!;
const group = (r: SimResult, id: string) => r.groups.find((x) => x.groupId === id)!;
const sizes = (r: SimResult, g: string) =>
  group(r, g)
    .members.map((m) => m.assignment.length)
    .sort((a, b) => a - b);
const owned = (r: SimResult, g: string, client: string) =>
  group(r, g)
    .members.find((m) => m.clientId === client)!
    .assignment.map((a) => `${a.topic}-${a.partition}`)
    .sort();

describe('the built-in scenarios', () => {
  it('are at least 12 tours plus the quickstart, each valid, with a pinned hash', () => {
    expect(TOURS.length).toBeGreaterThanOrEqual(12);
    expect(Object.keys(HASHES).sort()).toEqual(BUILTIN_SCENARIOS.map((b) => b.id).sort());
    for (const t of TOURS) {
      const s = load(t.id);
      expect(s.tour?.steps.length, t.id).toBeGreaterThanOrEqual(3);
      expect(s.tour?.whatJustHappened.rule, t.id).toBeTruthy();
    }
  });
});

describe.each(BUILTIN_SCENARIOS.map((b) => b.id))('%s', (id) => {
  it('gives its pinned trace hash', () => {
    expect(run(id).end.traceHash).toBe(HASHES[id]);
  });
});

describe('tour: producers and consumers never meet', () => {
  const r = run('decoupled');
  it('the consumer, started after the producer left, reads all 20 records from offset 0', () => {
    expect(producer(r.at[5000]!, 'checkout').acked).toHaveLength(20);
    expect(r.at[5000]!.consumers).toEqual([]);
    const consumed = consumer(r.end, 'shipping').consumed;
    expect(consumed).toHaveLength(20);
    expect(new Set(consumed.map((c) => c.value))).toEqual(
      new Set(Array.from({ length: 20 }, (_, i) => `order ${i}`)),
    );
    const starts = r.events.filter((e) => e.type === 'client.started').map((e) => [e.client, e.time]);
    expect(starts).toContainEqual(['shipping', 8000]);
  });
});

describe('tour: same key, same partition', () => {
  const r = run('keys');
  it('puts alice, dave and carol on partitions 0, 1 and 2, each in order', () => {
    const acked = producer(r.end, 'web').acked;
    for (const [key, p] of [
      ['alice', 0],
      ['dave', 1],
      ['carol', 2],
    ] as const) {
      const mine = acked.filter((a) => a.key === key);
      expect(new Set(mine.map((a) => a.partition))).toEqual(new Set([p]));
      expect(mine.sort((a, b) => a.offset - b.offset).map((a) => a.value)).toEqual(
        Array.from({ length: 8 }, (_, i) => `${key} click ${i}`),
      );
    }
  });
  it('the consumer sees each key in order, but carol’s first click after alice’s last', () => {
    const consumed = consumer(r.end, 'analytics').consumed.map((c) => c.value);
    for (const key of ['alice', 'dave', 'carol'])
      expect(consumed.filter((v) => v!.startsWith(key))).toEqual(
        Array.from({ length: 8 }, (_, i) => `${key} click ${i}`),
      );
    expect(consumed.indexOf('carol click 0')).toBeGreaterThan(consumed.indexOf('alice click 7'));
  });
});

describe('tour: acks', () => {
  const r = run('acks');
  it('acks=1 records acknowledged by the cut-off leader are lost: offsets 7, 10 and 12', () => {
    const lost = r.end.violations.filter((v) => v.kind === 'lost-write');
    expect(lost.map((v) => v.offset)).toEqual([7, 10, 12]);
    expect(lost[0]!.cause).toContain('acks=1');
    const acked = producer(r.end, 'leader-only').acked.filter((a) => a.value!.includes('cut off'));
    expect(acked.map((a) => a.offset)).toEqual([7, 10, 12]);
    expect(part(r.end, 'payments').records.some((x) => x.value!.includes('cut off'))).toBe(false);
  });
  it('acks=all never acknowledged the records of the cut: they failed, REQUEST_TIMED_OUT among them', () => {
    const all = producer(r.end, 'all-replicas');
    expect(all.acked.map((a) => a.value)).toEqual(['acks=all before 0', 'acks=all before 1']);
    expect(all.failed).toHaveLength(3);
    expect(all.failed.map((f) => f.error)).toContain('REQUEST_TIMED_OUT');
    expect(producer(r.at[22000]!, 'all-replicas').failed).toHaveLength(3);
  });
  it('a new leader, broker 2, by 13 s; broker 3 truncates offsets 6 to 12 after healing', () => {
    expect(part(r.at[7000]!, 'payments').leader).toBe(3);
    expect(part(r.at[13000]!, 'payments').leader).toBe(2);
    const t = r.events.find((e) => e.type === 'log.truncate' && e.node === 'broker-3');
    expect(t).toMatchObject({ fromOffset: 13, toOffset: 6 });
    expect(t!.time).toBeLessThan(30000);
  });
});

describe('tour: leader failover and LEADER_NOT_AVAILABLE', () => {
  const r = run('failover');
  it('elects broker 1 from the ISR with epoch 1 after broker 2’s session expires', () => {
    expect(part(r.at[4000]!, 'orders').leader).toBe(2);
    const p = part(r.at[11000]!, 'orders');
    expect([p.leader, p.leaderEpoch]).toEqual([1, 1]);
    expect(r.at[11000]!.controller).toBe(3);
  });
  it('audit-0 has no leader while broker 1 is down, and Metadata answers LEADER_NOT_AVAILABLE', () => {
    expect(part(r.at[23000]!, 'audit').leader).toBeNull();
    expect(part(r.at[23000]!, 'orders').leader).toBe(3);
    const lna = r.sends.filter(
      (s) => s.time > 22000 && s.time < 25000 && JSON.stringify(s.msg).includes('LEADER_NOT_AVAILABLE'),
    );
    expect(lna.length).toBeGreaterThan(0);
    expect(part(r.at[27000]!, 'audit')).toMatchObject({ leader: 1, leaderEpoch: 2 });
  });
  it('loses nothing: every record acknowledged, none failed', () => {
    const p = producer(r.end, 'checkout');
    expect(p.acked).toHaveLength(103);
    expect(p.failed).toEqual([]);
    expect(r.end.violations).toEqual([]);
  });
});

describe('tour: ISR shrink and expansion', () => {
  const r = run('isr');
  it('drops broker 1 from the ISR after replica.lag.time.max.ms, and adds it back after healing', () => {
    expect(part(r.at[6000]!, 'orders').isr).toEqual([3, 1, 2]);
    expect(part(r.at[13000]!, 'orders').isr).toEqual([3, 2]);
    expect(part(r.at[24000]!, 'orders').logEndOffsets['1']).toBeLessThan(
      part(r.at[24000]!, 'orders').highWatermark,
    );
    expect(part(r.at[37000]!, 'orders').isr).toEqual([3, 2, 1]);
    const changes = r.events.filter((e) => e.type === 'isr.changed' && e.topic === 'orders');
    expect(changes.map((e) => [e.isr, e.leaderEpoch])).toEqual([
      [[3, 2], 0],
      [[3, 2, 1], 0],
    ]);
    expect(producer(r.end, 'checkout').acked).toHaveLength(150);
  });
});

describe('tour: unclean leader election', () => {
  const r = run('unclean');
  it('makes out-of-sync broker 1 leader, and offsets 5-9 are lost', () => {
    expect(part(r.at[14000]!, 'events').isr).toEqual([2]);
    expect(part(r.at[30000]!, 'events')).toMatchObject({ leader: 1, leaderEpoch: 2, isr: [1] });
    const lost = r.end.violations.filter((v) => v.kind === 'lost-write');
    expect(lost.map((v) => v.offset)).toEqual([5, 6, 7, 8, 9]);
    expect(lost[0]!.cause).toContain('unclean leader election');
    expect(lost[0]!.cause).toContain('offsets 5-9');
    expect(r.events.find((e) => e.type === 'log.truncate' && e.node === 'broker-2')).toMatchObject({
      fromOffset: 10,
      toOffset: 5,
    });
    expect(part(r.end, 'events').records.map((x) => x.value)).toEqual(
      Array.from({ length: 5 }, (_, i) => `early ${i}`),
    );
  });
});

describe('tour: min.insync.replicas', () => {
  const r = run('min-isr');
  it('refuses the acks=all write with NOT_ENOUGH_REPLICAS and accepts acks=1', () => {
    expect(part(r.at[12000]!, 'payments').isr).toEqual([2]);
    expect(producer(r.end, 'safe').acked.map((a) => a.key)).toEqual(['before']);
    expect(producer(r.end, 'safe').failed.map((f) => [f.key, f.error])).toEqual([
      ['after', 'NOT_ENOUGH_REPLICAS'],
    ]);
    expect(producer(r.end, 'fast').acked.map((a) => a.key)).toEqual(['after']);
  });
});

describe('tour: consumer groups of different sizes', () => {
  const r = run('groups');
  it('4 members: one idle; after the crash and eviction 1 each; after a clean leave one reads two', () => {
    expect(sizes(r.at[5000]!, 'billing')).toEqual([0, 1, 1, 1]);
    expect(group(r.at[15000]!, 'billing').generation).toBe(1); // c1 not evicted yet
    expect(group(r.at[25000]!, 'billing')).toMatchObject({ generation: 2 });
    expect(sizes(r.at[25000]!, 'billing')).toEqual([1, 1, 1]);
    expect(group(r.at[34000]!, 'billing').generation).toBe(3);
    expect(sizes(r.at[34000]!, 'billing')).toEqual([1, 2]);
  });
});

describe('tour: the assignors side by side', () => {
  const r = run('assignors');
  it('range gives 4 and 2 to two members; roundrobin and cooperative-sticky 3 and 3', () => {
    const t = r.at[6000]!;
    expect(sizes(t, 'by-range')).toEqual([2, 4]);
    expect(sizes(t, 'by-roundrobin')).toEqual([3, 3]);
    expect(sizes(t, 'by-sticky')).toEqual([3, 3]);
  });
  it('with a third member all are 2-2-2; cooperative-sticky moved only two partitions, in two rebalances', () => {
    const before = r.at[6000]!;
    const t = r.at[20000]!;
    for (const g of ['by-range', 'by-roundrobin', 'by-sticky']) expect(sizes(t, g)).toEqual([2, 2, 2]);
    for (const c of ['s1', 's2']) {
      const kept = owned(t, 'by-sticky', c).filter((x) => owned(before, 'by-sticky', c).includes(x));
      expect(kept).toHaveLength(2);
    }
    expect(group(t, 'by-sticky').generation - group(before, 'by-sticky').generation).toBe(2);
    expect(group(t, 'by-roundrobin').generation - group(before, 'by-roundrobin').generation).toBe(1);
  });
  it('when a member leaves, range is 4-2 again and cooperative-sticky moves only the leaver’s partitions', () => {
    const before = r.at[20000]!;
    const t = r.at[36000]!;
    expect(sizes(t, 'by-range')).toEqual([2, 4]);
    for (const c of ['s2', 's3'])
      expect(owned(t, 'by-sticky', c)).toEqual(expect.arrayContaining(owned(before, 'by-sticky', c)));
  });
});

describe('tour: at-most-once versus at-least-once', () => {
  const r = run('processing-modes');
  it('at-most-once skips offsets 4-9; at-least-once processes 0-3 twice', () => {
    expect(group(r.at[2900]!, 'g-amo').committedOffsets).toEqual({ 'jobs-0': 10 });
    expect(group(r.at[2900]!, 'g-alo').committedOffsets).toEqual({});
    expect(consumer(r.end, 'amo').consumed.map((c) => c.offset)).toEqual([0, 1, 2, 3]);
    expect(consumer(r.end, 'alo').consumed.map((c) => c.offset)).toEqual([
      0, 1, 2, 3, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
    ]);
    const kinds = (k: string) => r.end.violations.filter((v) => v.kind === k).map((v) => v.offset);
    expect(kinds('skipped')).toEqual([4, 5, 6, 7, 8, 9]);
    expect(kinds('duplicate-delivery')).toEqual([0, 1, 2, 3]);
  });
});

describe('tour: retention', () => {
  const r = run('retention');
  it('deletes whole segments; the log start offset moves to 20, then 25, and offsets continue', () => {
    expect(part(r.at[3000]!, 'logs')).toMatchObject({ logStartOffset: 0, highWatermark: 20 });
    expect(part(r.at[8000]!, 'logs')).toMatchObject({ logStartOffset: 20, highWatermark: 20, records: [] });
    expect(part(r.at[22000]!, 'logs').records.map((x) => x.offset)).toEqual([20, 21, 22, 23, 24]);
    expect(part(r.at[28000]!, 'logs')).toMatchObject({ logStartOffset: 25, highWatermark: 25, records: [] });
    expect(r.events.filter((e) => e.type === 'log.retention').length).toBeGreaterThanOrEqual(2);
  });
});

describe('tour: compaction', () => {
  const r = run('compaction');
  const values = (res: SimResult, key: string) =>
    part(res, 'users')
      .records.filter((x) => x.key === key)
      .map((x) => x.value);
  it('keeps the latest value per key with offset gaps; the tombstone stays, then goes', () => {
    const early = r.at[3000]!;
    for (const k of ['u1', 'u2', 'u3']) expect(values(early, k)).toEqual([`v2 of user ${k.slice(1)}`]);
    expect(values(early, 'u0')).toEqual([null]);
    expect(part(early, 'users').records[0]!.offset).toBeGreaterThan(0);
    expect(values(r.at[20000]!, 'u0')).toEqual([null]);
    expect(values(r.at[30000]!, 'u0')).toEqual([]);
    for (const k of ['u1', 'u2', 'u3']) expect(values(r.end, k)).toEqual([`v2 of user ${k.slice(1)}`]);
  });
});

describe('tour: bootstrap.servers with a dead server', () => {
  const r = run('bootstrap');
  it('fails to reach broker 1, goes on with the next address, and everything is delivered and read', () => {
    expect(
      r.events.some(
        (e) =>
          e.type === 'client.requestFailed' &&
          e.client === 'checkout' &&
          e.broker === 1 &&
          e.request === 'Metadata',
      ),
    ).toBe(true);
    expect(producer(r.end, 'checkout').acked).toHaveLength(30);
    expect(consumer(r.end, 'billing').consumed).toHaveLength(30);
    expect(r.end.brokers.find((b) => b.id === 1)!.alive).toBe(false);
  });
});

describe('tour: ZooKeeper', () => {
  const r = run('zookeeper');
  it('moves /controller from broker 2 to broker 1 with a higher controller epoch', () => {
    expect(r.at[5500]!.controller).toBe(2);
    expect(r.at[5500]!.znodes['/brokers/ids/2']).toBeDefined(); // ephemeral, until the session expires
    expect(r.at[13000]!.controller).toBe(1);
    expect(r.at[13000]!.znodes['/controller_epoch']).toBeGreaterThan(
      r.at[5500]!.znodes['/controller_epoch'] as number,
    );
    expect(r.at[13000]!.znodes['/brokers/ids/2']).toBeUndefined();
  });
  it('expires broker 3’s session when it is cut off from ZooKeeper, and moves its leaderships', () => {
    const t = r.at[27000]!;
    expect(t.znodes['/brokers/ids/3']).toBeUndefined();
    expect(t.brokers.find((b) => b.id === 3)!.alive).toBe(true);
    expect(t.partitions.filter((p) => p.topic === 'orders').every((p) => p.leader === 1)).toBe(true);
    expect(r.events.some((e) => e.type === 'broker.sessionExpired' && e.brokerId === 3)).toBe(true);
    const end = r.at[40000]!;
    expect(end.znodes['/brokers/ids/3']).toBeDefined();
    for (const p of end.partitions.filter((x) => x.topic === 'orders'))
      expect([...p.isr].sort()).toEqual([1, 2, 3]);
  });
});

describe('tour: a region loses a zone', () => {
  const r = run('racks');
  const racks: Record<number, string> = { 1: 'a', 2: 'b', 3: 'c', 4: 'a', 5: 'b', 6: 'c' };
  it('places one replica per zone, moves the leaderships of zone c, and loses nothing', () => {
    for (const p of r.at[7000]!.partitions.filter((x) => x.topic === 'orders'))
      expect(new Set(p.replicas.map((b) => racks[b])).size).toBe(3);
    const moved = r.at[20000]!.partitions.filter((x) => x.topic === 'orders');
    expect(moved.filter((p) => [3, 6].includes(p.replicas[0]!)).map((p) => p.leader)).toEqual([1, 4]);
    for (const p of moved) {
      expect(p.isr).toHaveLength(2);
      expect(p.isr.some((b) => b === 3 || b === 6)).toBe(false);
    }
    expect(producer(r.end, 'checkout').acked).toHaveLength(300);
    expect(producer(r.end, 'checkout').failed).toEqual([]);
    expect(r.end.violations).toEqual([]);
    for (const p of r.at[40000]!.partitions.filter((x) => x.topic === 'orders'))
      expect(p.isr).toHaveLength(3);
  });
});
