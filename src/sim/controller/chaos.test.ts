// Random crashes, restarts, isolations and requests; after the faults stop and the cluster settles, the
// controller's picture must be whole: one controller, every broker registered, every partition led by a
// live ISR member, ZooKeeper and the controller in agreement, every broker told the same.
import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng';
import { brokerNode } from '../core/ids';
import { TestCluster } from './test-cluster';

function chaos(seed: number) {
  const c = new TestCluster({ brokers: 4, seed, config: { 'leader.imbalance.check.interval.seconds': 20 } });
  const rng = Rng.from(seed, 'chaos');
  c.run(1000);
  c.createTopic('a', 4, 3);
  c.createTopic('b', 2, 2);
  for (let step = 0; step < 25; step++) {
    const id = rng.range(1, 4);
    const alive = c.alive(id);
    switch (rng.int(6)) {
      case 0:
        if (alive && c.ids.filter((i) => c.alive(i)).length > 2) c.crash(id);
        break;
      case 1:
        if (!alive) c.restart(id);
        break;
      case 2:
        c.world.schedule(c.world.now, { type: 'net', op: { op: 'isolate', node: brokerNode(id) } });
        break;
      case 3:
        c.world.schedule(c.world.now, { type: 'net', op: { op: 'heal' } });
        break;
      case 4: {
        const from = c.ids.find((i) => c.alive(i))!;
        c.command(from, {
          type: 'send',
          msg: {
            type: 'ElectLeaders',
            correlationId: 0,
            electionType: 'PREFERRED',
            topicPartitions: null,
            timeoutMs: 1,
          },
        });
        break;
      }
      case 5: {
        const from = c.ids.find((i) => c.alive(i))!;
        c.command(from, {
          type: 'send',
          msg: {
            type: 'CreateTopics',
            correlationId: 0,
            topics: [{ name: `t${step}`, numPartitions: 2, replicationFactor: 2, configs: {} }],
            timeoutMs: 1,
            validateOnly: false,
          },
        });
        break;
      }
    }
    c.run(rng.range(100, 9000));
  }
  c.world.schedule(c.world.now, { type: 'net', op: { op: 'heal' } });
  for (const id of c.ids) if (!c.alive(id)) c.restart(id);
  c.run(30000);
  return c;
}

describe('the controller under random faults', () => {
  for (const seed of Array.from({ length: Number(process.env.CHAOS_SEEDS ?? 6) }, (_, i) => i + 1)) {
    it(`settles to a consistent cluster (seed ${seed})`, () => {
      const c = chaos(seed);
      const ctl = c.controllerId();
      const view = c.view();
      expect(view.liveBrokers.map((b) => b.id)).toEqual(c.ids);
      const zk = c.zk().znodes;
      expect(zk['/controller_epoch']!.data).toBe(view.controllerEpoch);
      for (const id of c.ids) {
        const s = c.shell(id);
        expect(s.zk.registered).toBe(true);
        expect(s.zk.activeControllerId).toBe(ctl);
        expect(view.liveBrokers.find((b) => b.id === id)!.epoch).toBe(s.zk.brokerEpoch);
      }
      for (const p of view.partitions) {
        expect(p.leader).toBeGreaterThan(0);
        expect(p.isr).toContain(p.leader);
        const state = zk[`/brokers/topics/${p.topic}/partitions/${p.partition}/state`]!;
        expect(state.version).toBe(p.partitionEpoch);
        expect(state.data).toMatchObject({ leader: p.leader, leader_epoch: p.leaderEpoch, isr: p.isr });
        for (const id of c.ids) {
          expect(c.shell(id).metadata[`${p.topic}-${p.partition}`]).toMatchObject({
            leader: p.leader,
            leaderEpoch: p.leaderEpoch,
          });
          if (p.replicas.includes(id))
            expect(c.shell(id).replicas[`${p.topic}-${p.partition}`]).toMatchObject({
              leader: p.leader,
              leaderEpoch: p.leaderEpoch,
            });
        }
      }
    });
  }
});
