// Benchmarks for the client-side algorithms: the sticky assignor on a large group and murmur2.
// Run: npx tsx -e "import('./bench/assignor.bench.ts').then(m=>m.default())"
// (Benchmarks may read the wall clock: they are outside src/sim.)

import { performance } from 'node:perf_hooks';
import { murmur2, utf8Bytes } from '../src/sim/clients/murmur2';
import { assignors, type Subscription } from '../src/sim/group/assignors/index';

export default function assignorBench(): void {
  const numTopics = 100;
  const partitionsEach = 100;
  const numMembers = 1000;
  const partitionsPerTopic: Record<string, number> = {};
  const topics: string[] = [];
  for (let t = 0; t < numTopics; t++) {
    const topic = `topic-${String(t).padStart(3, '0')}`;
    topics.push(topic);
    partitionsPerTopic[topic] = partitionsEach;
  }
  const subscriptions: Record<string, Subscription> = {};
  for (let m = 0; m < numMembers; m++) subscriptions[`consumer-${m}-member`] = { topics };

  let t0 = performance.now();
  const first = assignors.sticky.assign(partitionsPerTopic, subscriptions);
  const fromScratchMs = performance.now() - t0;

  // One member leaves; the others report what they own (generation 1).
  const next: Record<string, Subscription> = {};
  for (const [memberId, list] of Object.entries(first)) {
    if (memberId === 'consumer-500-member') continue;
    next[memberId] = { topics, ownedPartitions: list, generation: 1 };
  }
  t0 = performance.now();
  assignors.sticky.assign(partitionsPerTopic, next);
  const rebalanceMs = performance.now() - t0;

  t0 = performance.now();
  assignors['cooperative-sticky'].assign(partitionsPerTopic, next);
  const cooperativeMs = performance.now() - t0;

  const keys = Array.from({ length: 1024 }, (_, i) => utf8Bytes(`order-${i}-customer-${i * 7919}`));
  const hashes = 2_000_000;
  let sink = 0;
  t0 = performance.now();
  for (let i = 0; i < hashes; i++) sink ^= murmur2(keys[i & 1023]!);
  const hashMs = performance.now() - t0;

  const partitions = numTopics * partitionsEach;
  console.log(
    `sticky assign from scratch (${partitions} partitions, ${numMembers} members): ${fromScratchMs.toFixed(1)} ms`,
  );
  console.log(
    `sticky rebalance after one member leaves (owned partitions given): ${rebalanceMs.toFixed(1)} ms`,
  );
  console.log(`cooperative-sticky rebalance after one member leaves: ${cooperativeMs.toFixed(1)} ms`);
  console.log(
    `murmur2 (~25-byte keys): ${Math.round(hashes / (hashMs / 1000)).toLocaleString('en-US')} hashes/s (checksum ${sink})`,
  );
}
