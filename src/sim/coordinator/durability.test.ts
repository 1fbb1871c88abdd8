import { describe, expect, it } from 'vitest';
import { newWorld, RawClient, zkViewOf } from './raw-client.test-util';
import { coordinatorBehavior } from './server';
import { testBrokerBehavior, type TestBrokerState } from './test-broker';
import { Harness } from './test-harness';
import { SNAPSHOT_KEY, TXN_LOG_KEY } from './persistence';
import type { ZkDataResult } from './protocol';
import type { ZkView } from './view';

describe('zk crash and restart from disk', () => {
  it('keeps znodes, versions, the zxid counter and sessions; drops watches', () => {
    const h = newWorld();
    const a = new RawClient(h, 'broker-1');
    const b = new RawClient(h, 'broker-2');
    a.connect();
    b.connect();
    a.request({ type: 'create', path: '/brokers', data: null });
    a.request({ type: 'create', path: '/brokers/ids', data: null });
    a.request({ type: 'create', path: '/brokers/ids/1', data: { brokerid: 1 }, ephemeral: true });
    a.request({ type: 'create', path: '/state', data: { leader: 1 } });
    a.request({ type: 'setData', path: '/state', data: { leader: 2 }, version: 0 });
    a.request({ type: 'create', path: '/seq-', data: null, sequential: true });
    expect(a.request({ type: 'delete', path: '/seq-0000000002', version: -1 }).err).toBe('OK');
    b.request({ type: 'getData', path: '/state', watch: true });
    const before = zkViewOf(h);
    const stat = (a.request({ type: 'getData', path: '/state' }).result as ZkDataResult).stat;

    h.kill('zk');
    h.runFor(1000);
    h.restart('zk');
    const after = zkViewOf(h);
    expect(after.znodes).toEqual(before.znodes);
    expect(after.zxid).toBe(before.zxid);
    expect(after.watches).toEqual([]);
    // Sessions come back with their deadlines reset to now + timeout (rounded up to a tick).
    expect(after.sessions.map((s) => [s.sessionId, s.expiresAt])).toEqual([
      [1, 8000],
      [2, 8000],
    ]);
    expect((a.request({ type: 'getData', path: '/state' }).result as ZkDataResult).stat).toEqual(stat);

    // The watch did not survive: b is not told about this change.
    a.request({ type: 'setData', path: '/state', data: { leader: 3 }, version: 1 });
    expect(b.takeWatches()).toEqual([]);
    // Counters carry on: the next zxid, the next session id, the next sequence number.
    expect(zkViewOf(h).zxid).toBe(before.zxid + 1);
    expect(new RawClient(h, 'broker-3').connect()).toMatchObject({ sessionId: 3 });
    expect(a.request({ type: 'create', path: '/seq-', data: null, sequential: true }).result).toEqual({
      path: '/seq-0000000004',
    });
  });

  it('snapshots every snapCount txns and restores snapshot + log', () => {
    const h = newWorld({ snapCount: 5 });
    const a = new RawClient(h, 'broker-1');
    a.connect();
    for (let i = 0; i < 12; i++) a.request({ type: 'create', path: `/n${i}`, data: { i } });
    a.request({ type: 'setData', path: '/n3', data: 'x', version: 0 });
    expect(h.disks['zk']![SNAPSHOT_KEY]).toMatchObject({ lastZxid: 10 });
    expect((h.disks['zk']![TXN_LOG_KEY] as unknown[]).length).toBe(4);
    const before = zkViewOf(h);
    h.kill('zk');
    h.restart('zk');
    expect(zkViewOf(h).znodes).toEqual(before.znodes);
    expect(zkViewOf(h).zxid).toBe(14);
    // The disk is never aliased with live state: later writes leave a written snapshot as it was.
    const snap = h.disks['zk']![SNAPSHOT_KEY] as {
      lastZxid: number;
      znodes: Record<string, { data: unknown; stat: { cversion: number } }>;
    };
    const rootCversion = snap.znodes['/']!.stat.cversion;
    a.request({ type: 'setData', path: '/n0', data: 'changed', version: -1 });
    a.request({ type: 'create', path: '/more', data: null });
    expect(snap.lastZxid).toBe(10);
    expect(snap.znodes['/n0']!.data).toEqual({ i: 0 });
    expect(snap.znodes['/']!.stat.cversion).toBe(rootCversion);
    expect(h.disks['zk']![SNAPSHOT_KEY]).toMatchObject({ lastZxid: 15 });
  });

  it('a session whose client never comes back expires one timeout after the restart', () => {
    const h = newWorld();
    const a = new RawClient(h, 'broker-1');
    a.connect();
    a.request({ type: 'create', path: '/controller', data: { brokerid: 1 }, ephemeral: true });
    h.runUntil(50000);
    expect(zkViewOf(h).sessions).toEqual([]);
    const h2 = newWorld();
    const c = new RawClient(h2, 'broker-1');
    c.connect();
    c.request({ type: 'create', path: '/controller', data: { brokerid: 1 }, ephemeral: true });
    h2.kill('zk');
    h2.runUntil(30000); // down far longer than the session timeout
    h2.restart('zk');
    h2.runUntil(37999);
    expect(zkViewOf(h2).znodes['/controller']).toBeDefined();
    h2.runUntil(38000);
    expect(zkViewOf(h2).znodes['/controller']).toBeUndefined();
  });

  it('a client rides through a zk restart: same session, watches re-set with SetWatches', () => {
    const h = new Harness(3);
    h.add('zk', coordinatorBehavior);
    h.add('broker-1', testBrokerBehavior, { brokerId: 1, sessionTimeoutMs: 18000 });
    h.add('broker-2', testBrokerBehavior, { brokerId: 2, sessionTimeoutMs: 18000 });
    h.runUntil(1000);
    const b2 = () => h.state<TestBrokerState>('broker-2');
    expect(b2().zk.dataWatches).toEqual(['/controller']);
    h.kill('zk');
    h.runUntil(16000); // brokers notice after readTimeout = 12000 ms and keep reconnecting
    expect(b2().notes.map((n) => n.kind)).toContain('disconnected');
    h.restart('zk');
    expect((h.view('zk') as ZkView).watches).toEqual([]);
    h.runUntil(25000);
    expect(b2().notes[b2().notes.length - 1]).toEqual({ kind: 'connected', sessionId: 2, resumed: true });
    expect((h.view('zk') as ZkView).watches).toEqual([{ path: '/controller', kind: 'data', sessionId: 2 }]);
    // broker-1 dies for good: its /controller goes at expiry and broker-2's re-set watch fires.
    h.kill('broker-1');
    h.runUntil(60000);
    expect(b2().isController).toBe(true);
    expect((h.view('zk') as ZkView).znodes['/controller']!.data).toEqual({ brokerid: 2 });
  });

  it('refuses a disk it cannot read, with a clear message', () => {
    const h = newWorld();
    h.kill('zk');
    h.disks['zk']![SNAPSHOT_KEY] = { format: 'something-else' };
    expect(() => h.restart('zk')).toThrow(/unreadable snapshot/);
  });
});
