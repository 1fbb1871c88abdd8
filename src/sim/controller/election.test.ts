// The controller's election and failover, through the real ZooKeeper node and shell brokers.
import { describe, expect, it } from 'vitest';
import { brokerNode } from '../core/ids';
import { EXPIRY_MS, TestCluster } from './test-cluster';
import type { ZkData } from '../coordinator/protocol';

describe('controller election (KafkaController.elect)', () => {
  it('registers every broker, elects exactly one controller with epoch 1, and every broker learns who', () => {
    const c = new TestCluster({ brokers: 3 });
    c.run(1000);
    const controller = c.controllerId();
    expect(c.eventsOf('controller.elected').map((e) => e.event)).toEqual([
      { type: 'controller.elected', brokerId: controller, controllerEpoch: 1 },
    ]);
    const epochs = c.ids.map((id) => c.shell(id).zk.brokerEpoch);
    expect(new Set(epochs).size).toBe(3);
    for (const id of c.ids) {
      expect(c.shell(id).zk.registered).toBe(true);
      expect(c.shell(id).zk.activeControllerId).toBe(controller);
    }
    const zk = c.zk();
    expect(zk.znodes['/controller']!.data).toMatchObject({ version: 1, brokerid: controller });
    expect(zk.znodes['/controller_epoch']!.data).toBe(1);
    expect(zk.znodes['/brokers/ids/2']!.data).toEqual({
      rack: null,
      endpoints: ['PLAINTEXT://broker-2:9092'],
      version: 5,
    });
    // The controller knows every broker with its epoch (the czxid of its registration).
    expect(c.view().liveBrokers.map((b) => [b.id, b.epoch])).toEqual(c.ids.map((id, i) => [id, epochs[i]]));
  });

  it('fails over when the controller dies: a new controller with a higher epoch re-elects its partitions', () => {
    const c = new TestCluster({ brokers: 3 });
    c.run(1000);
    c.createTopic('orders', 3, 3);
    const old = c.controllerId();
    const led = c.view().partitions.filter((p) => p.leader === old);
    expect(led.length).toBeGreaterThan(0);
    c.crash(old);
    c.run(EXPIRY_MS);
    const next = c.controllerId();
    expect(next).not.toBe(old);
    expect(c.view().controllerEpoch).toBe(2);
    expect(c.zk().znodes['/controller_epoch']!.data).toBe(2);
    for (const p of led) {
      const now = c.partition(p.topic, p.partition);
      // The first replica in assignment order that is alive and in the ISR, one epoch later.
      const expected = p.replicas.find((r) => r !== old && p.isr.includes(r));
      expect(now.leader).toBe(expected);
      expect(now.leaderEpoch).toBe(p.leaderEpoch + 1);
      expect(now.isr).not.toContain(old);
    }
    for (const id of c.ids.filter((i) => i !== old)) {
      expect(c.shell(id).controllerEpoch).toBe(2);
      expect(c.shell(id).zk.activeControllerId).toBe(next);
    }
    expect(c.eventsOf('leader.elected').some((e) => e.event.reason === 'controller failover')).toBe(true);
  });

  it('a new controller handles deaths it did not witness: dead replicas leave ISRs, leaderless partitions go offline', () => {
    const c = new TestCluster({ brokers: 3 });
    c.run(1000);
    c.createTopic('orders', 3, 2);
    const old = c.controllerId();
    const p = c.view().partitions.find((x) => x.leader !== old)!;
    const leader = p.leader;
    c.command(leader, {
      type: 'alterPartition',
      partitions: [{ topic: 'orders', partition: p.partition, newIsr: [leader] }],
    });
    c.run(200);
    // The controller and the leader die together: the next controller finds the leader already gone.
    c.crash(old);
    c.crash(leader);
    c.run(EXPIRY_MS);
    const survivor = c.controllerId();
    expect(c.view().liveBrokers.map((b) => b.id)).toEqual([survivor]);
    expect(c.partition('orders', p.partition)).toMatchObject({
      leader: -1,
      isr: [leader],
      leaderEpoch: p.leaderEpoch + 1,
    });
    for (const x of c.view().partitions)
      expect(x.isr.filter((r) => r !== survivor).length).toBeLessThanOrEqual(1);
    expect(c.shell(survivor).metadata[`orders-${p.partition}`]).toMatchObject({ leader: -1 });
  });

  it('a broker refuses a request from the old controller epoch (STALE_CONTROLLER_EPOCH)', () => {
    const c = new TestCluster({ brokers: 3 });
    c.run(1000);
    const old = c.controllerId();
    const slow = c.ids.find((id) => id !== old)!;
    // Whatever the old controller sends the slow broker now arrives 15 s later.
    c.world.schedule(c.world.now, {
      type: 'net',
      op: {
        op: 'setLink',
        from: brokerNode(old),
        to: brokerNode(slow),
        params: { latencyMs: 15000 },
        oneWay: true,
      },
    });
    c.run(10);
    c.createTopic('orders', 1, 3, {}, old);
    c.crash(old);
    c.run(20000);
    expect(c.controllerId()).not.toBe(old);
    const rejected = c.shell(slow).rejected;
    expect(rejected.length).toBeGreaterThan(0);
    expect(rejected.every((r) => r.errorCode === 'STALE_CONTROLLER_EPOCH' && r.controllerEpoch === 1)).toBe(
      true,
    );
    expect(rejected.map((r) => r.request)).toContain('LeaderAndIsr');
    expect(c.shell(slow).controllerEpoch).toBe(2);
  });

  it("fences a deposed controller's ZooKeeper writes with the /controller_epoch version check", () => {
    const c = new TestCluster({ brokers: 3 });
    c.world.addNode({ id: 'impostor', kind: 'raw', config: {} });
    c.world.schedule(0, { type: 'start', node: 'impostor' });
    c.run(1000);
    c.createTopic('orders', 1, 3);
    const old = c.controllerId();
    const p = c.partition('orders', 0);
    const statePath = '/brokers/topics/orders/partitions/0/state';
    const before = c.zk().znodes[statePath]!;
    // ZooKeeper's news reach the controller late (a long GC pause, a slow link): it still believes it leads
    // when a new controller has already taken /controller and bumped the epoch.
    c.world.schedule(c.world.now, {
      type: 'net',
      op: { op: 'setLink', from: 'zk', to: brokerNode(old), params: { latencyMs: 2500 }, oneWay: true },
    });
    c.run(50);
    c.world.schedule(c.world.now, {
      type: 'command',
      node: 'impostor',
      command: {
        tag: 'takeover',
        op: {
          type: 'multi',
          ops: [
            { type: 'delete', path: '/controller', version: -1 },
            {
              type: 'create',
              path: '/controller',
              data: { version: 1, brokerid: 99, timestamp: '0' } as ZkData,
              ephemeral: true,
            },
            { type: 'setData', path: '/controller_epoch', data: 2, version: -1 },
          ],
        },
      },
    });
    c.run(100);
    const leader = p.leader;
    const follower = p.isr.find((r) => r !== leader)!;
    c.command(leader, {
      type: 'alterPartition',
      to: brokerNode(old),
      partitions: [{ topic: 'orders', partition: 0, newIsr: p.isr.filter((r) => r !== follower) }],
    });
    c.run(6000);
    // The write never happened, the old controller resigned, and the leader was told NOT_CONTROLLER.
    expect(c.zk().znodes[statePath]).toEqual(before);
    expect(c.eventsOf('controller.fenced').map((e) => e.event.brokerId)).toEqual([old]);
    expect(c.shell(old).zk.controller).toBeNull();
    expect(c.shell(old).zk.activeControllerId).toBe(99);
    const answer = c.shell(leader).responses.find((r) => r.msg.type === 'AlterPartitionResponse')!;
    expect(answer.msg.errorCode).toBe('NOT_CONTROLLER');
  });

  it('an isolated broker loses its session and registration, then registers again with a new broker epoch', () => {
    const c = new TestCluster({ brokers: 3 });
    c.run(1000);
    c.createTopic('orders', 3, 3);
    const controller = c.controllerId();
    const victim = c.ids.find((id) => id !== controller)!;
    const epoch1 = c.shell(victim).zk.brokerEpoch;
    c.world.schedule(c.world.now, { type: 'net', op: { op: 'isolate', node: brokerNode(victim) } });
    c.run(EXPIRY_MS);
    expect(c.zk().znodes[`/brokers/ids/${victim}`]).toBeUndefined();
    expect(c.view().liveBrokers.map((b) => b.id)).not.toContain(victim);
    expect(c.eventsOf('broker.failed').map((e) => e.event.brokerId)).toEqual([victim]);
    for (const p of c.view().partitions) expect(p.isr).not.toContain(victim);
    c.world.schedule(c.world.now, { type: 'net', op: { op: 'heal' } });
    c.run(6000);
    const s = c.shell(victim);
    expect(c.eventsOf('broker.sessionExpired').map((e) => e.node)).toContain(brokerNode(victim));
    expect(s.zk.registered).toBe(true);
    expect(s.zk.brokerEpoch).toBeGreaterThan(epoch1);
    const joined = c.eventsOf('broker.joined').filter((e) => e.event.brokerId === victim);
    expect(joined.at(-1)!.event.brokerEpoch).toBe(s.zk.brokerEpoch);
    expect(c.view().liveBrokers.find((b) => b.id === victim)!.epoch).toBe(s.zk.brokerEpoch);
    // It was told about its replicas again (LeaderAndIsr with its new broker epoch accepted).
    expect(Object.keys(s.replicas).sort()).toEqual(['orders-0', 'orders-1', 'orders-2']);
    expect(s.rejected).toEqual([]);
  });

  it('an isolated controller is replaced, and steps down when it reconnects', () => {
    const c = new TestCluster({ brokers: 3 });
    c.run(1000);
    c.createTopic('orders', 2, 3);
    const old = c.controllerId();
    c.world.schedule(c.world.now, { type: 'net', op: { op: 'isolate', node: brokerNode(old) } });
    c.run(EXPIRY_MS);
    const others = c.ids.filter((id) => id !== old);
    const next = others.find((id) => c.shell(id).zk.controller !== null)!;
    expect(next).toBeDefined();
    expect(c.shell(next).zk.controller!.context.epoch).toBe(2);
    c.world.schedule(c.world.now, { type: 'net', op: { op: 'heal' } });
    c.run(6000);
    expect(c.controllers()).toEqual([next]);
    expect(c.eventsOf('controller.resigned').map((e) => e.event.brokerId)).toContain(old);
    expect(c.shell(old).zk.activeControllerId).toBe(next);
    expect(c.shell(old).controllerEpoch).toBe(2);
  });

  it('a broker restarted before its old session expired waits for it, then registers with a new epoch', () => {
    const c = new TestCluster({ brokers: 3 });
    c.run(1000);
    c.createTopic('orders', 3, 3);
    const victim = c.ids.find((id) => id !== c.controllerId())!;
    const epoch1 = c.shell(victim).zk.brokerEpoch;
    const led = c.view().partitions.filter((p) => p.leader === victim);
    c.crash(victim);
    c.restart(victim, c.world.now + 100);
    c.run(1000);
    expect(c.shell(victim).zk.registered).toBe(false); // its previous life's znode is still there
    c.run(EXPIRY_MS);
    expect(c.shell(victim).zk.registered).toBe(true);
    expect(c.shell(victim).zk.brokerEpoch).toBeGreaterThan(epoch1);
    expect(c.view().liveBrokers.find((b) => b.id === victim)!.epoch).toBe(c.shell(victim).zk.brokerEpoch);
    for (const p of led) expect(c.partition(p.topic, p.partition).leader).not.toBe(victim);
    expect(Object.keys(c.shell(victim).replicas).sort()).toEqual(['orders-0', 'orders-1', 'orders-2']);
  });

  it('is deterministic: the same seed gives the same trace', () => {
    const run = () => {
      const c = new TestCluster({ brokers: 3, seed: 42 });
      c.run(1000);
      c.createTopic('orders', 4, 2);
      c.crash(c.controllerId());
      c.run(EXPIRY_MS);
      return c.world.traceHash();
    };
    expect(run()).toBe(run());
  });
});
