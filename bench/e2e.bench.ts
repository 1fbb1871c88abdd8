// End-to-end figures (headless, in-process): 3 brokers, RF 3, acks=all, 6 partitions, one producer, a
// 3-member consumer group, records of 100 bytes. Prints records per second produced (acknowledged) and
// consumed, in wall-clock time (target: at least 200,000 records/s), and what the guarantee checker costs
// (target: at most 20% slower with it). Every run must acknowledge and consume all the records; the
// figures are medians of several runs, the spread is printed beside them.
import { Simulation, validateScenario, type Scenario } from '../src/sim/index';

const RECORDS = 60000;

function scenario(): Scenario {
  const value = 'x'.repeat(100);
  const consumer = (id: string) => ({
    id,
    type: 'consumer' as const,
    groupId: 'bench',
    subscribe: ['load'],
    bootstrapServers: [1, 2, 3],
    config: { 'auto.offset.reset': 'earliest', 'group.instance.id': undefined } as Record<string, unknown>,
  });
  for (const c of ['c1', 'c2', 'c3']) delete consumer(c).config['group.instance.id'];
  const r = validateScenario({
    version: 1,
    name: 'bench',
    seed: 1,
    cluster: {
      brokers: 3,
      config: {
        'min.insync.replicas': 2,
        'offsets.topic.num.partitions': 3,
        'group.initial.rebalance.delay.ms': 0,
      },
    },
    topics: [{ name: 'load', partitions: 6, replicationFactor: 3 }],
    clients: [
      { id: 'p1', type: 'producer', bootstrapServers: [1, 2, 3], config: { acks: 'all', 'linger.ms': 5 } },
      ...['c1', 'c2', 'c3'].map((id) => ({ ...consumer(id), config: { 'auto.offset.reset': 'earliest' } })),
    ],
    actions: [
      {
        at: 2000,
        type: 'produce',
        client: 'p1',
        topic: 'load',
        key: 'k{i}',
        value,
        count: RECORDS,
        intervalMs: 0,
      },
    ],
  });
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.scenario;
}

interface Run {
  /** Wall-clock ms from the first produce to the last record consumed, plus the final result(). */
  ms: number;
  produced: number;
  consumed: number;
  virtualMs: number;
}

function measure(checker: boolean): Run {
  const sim = new Simulation(scenario(), { checker });
  let produced = 0;
  let consumed = 0;
  sim.world.onJournal((e) => {
    if (e.kind !== 'event') return;
    if (e.event.type === 'producer.ack') produced += (e.event.records as unknown[]).length;
    else if (e.event.type === 'consumer.processed') consumed += (e.event.records as unknown[]).length;
  });
  sim.runUntil(1999); // the cluster starts and the group forms; not measured
  const t0 = performance.now();
  let t = 2000;
  while (t < 120000 && consumed < RECORDS) {
    t += 100;
    sim.runUntil(t);
  }
  sim.result(); // the checker's whole-history checks are part of its cost
  const ms = performance.now() - t0;
  if (produced !== RECORDS || consumed !== RECORDS)
    throw new Error(`produced ${produced} and consumed ${consumed} of ${RECORDS} records`);
  return { ms, produced, consumed, virtualMs: t - 2000 };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

export default function e2eBench(): void {
  const RUNS = 9;
  measure(true); // warm up the JIT
  measure(false);
  // Runs with and without the checker alternate (which goes first alternates too), so that a noisy
  // neighbour on the machine hits both alike.
  const on: Run[] = [];
  const off: Run[] = [];
  for (let i = 0; i < RUNS; i++) {
    if (i % 2 === 0) {
      on.push(measure(true));
      off.push(measure(false));
    } else {
      off.push(measure(false));
      on.push(measure(true));
    }
  }
  const onMs = median(on.map((r) => r.ms));
  const offMs = median(off.map((r) => r.ms));
  const rate = (n: number, ms: number) => Math.round((n / ms) * 1000).toLocaleString('en');
  const spread = (runs: Run[]) =>
    `${Math.min(...runs.map((r) => r.ms)).toFixed(0)}-${Math.max(...runs.map((r) => r.ms)).toFixed(0)} ms`;
  console.log(
    `${RECORDS} records of 100 bytes, acks=all, RF 3, 6 partitions, 3 consumers: done in ${on[0]!.virtualMs} ms of virtual time`,
  );
  console.log(`median of ${RUNS} runs with the guarantee checker (${spread(on)}), wall-clock:`);
  console.log(`produced (acknowledged): ${rate(RECORDS, onMs)} records/s (target >= 200,000)`);
  console.log(`consumed: ${rate(RECORDS, onMs)} records/s (target >= 200,000)`);
  console.log(
    `with the guarantee checker ${onMs.toFixed(0)} ms, without ${offMs.toFixed(0)} ms (${spread(off)}): ratio ${(onMs / offMs).toFixed(2)} (target <= 1.20)`,
  );
}
export {};
