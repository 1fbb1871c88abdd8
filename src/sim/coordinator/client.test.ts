import { describe, expect, it } from 'vitest';
import { Harness } from './test-harness';
import { coordinatorBehavior } from './server';
import { testBrokerBehavior, type TestBrokerState } from './test-broker';
import type { ZkView } from './view';
import { znodeDataByPath } from './view';
import type { ZkNotification } from './client';

function world(brokers: number[], sessionTimeoutMs = 6000): Harness {
  const h = new Harness(42);
  h.add('zk', coordinatorBehavior);
  for (const id of brokers) h.add(`broker-${id}`, testBrokerBehavior, { brokerId: id, sessionTimeoutMs });
  return h;
}

const broker = (h: Harness, id: number) => h.state<TestBrokerState>(`broker-${id}`);
const zk = (h: Harness) => h.view('zk') as ZkView;
const kinds = (notes: ZkNotification[]) =>
  notes.map((n) => (n.kind === 'response' ? `${n.tag}:${n.err}` : n.kind));

/** Cuts every message to and from a node (the harness drops them at send time). */
function cut(h: Harness, node: string): void {
  h.dropIf = (from, to) => from === node || to === node;
}

describe('ZooKeeper client', () => {
  it('keeps its session alive indefinitely by pinging', () => {
    const h = world([1]);
    h.runUntil(10 * 60 * 1000);
    const b1 = broker(h, 1);
    expect(kinds(b1.notes)).toEqual(['connected', 'register:OK', 'elect:OK']);
    expect(b1.isController).toBe(true);
    expect(zk(h).sessions.map((s) => s.sessionId)).toEqual([1]);
    expect(znodeDataByPath(zk(h))).toMatchObject({
      '/brokers/ids/1': { brokerid: 1 },
      '/controller': { brokerid: 1 },
    });
    // Pings (every timeout/3 = 2000 ms) are not writes: the zxid only counts the session and the creates.
    expect(zk(h).zxid).toBe(5);
  });

  it('createRecursive creates the missing parents and answers once', () => {
    const h = world([1]);
    h.runFor(100);
    h.command('broker-1', { type: 'request', op: { type: 'getChildren', path: '/brokers' }, tag: 'ls' });
    h.runFor(10);
    const notes = broker(h, 1).notes;
    expect(kinds(notes)).toEqual(['connected', 'register:OK', 'elect:OK', 'ls:OK']);
    expect(notes[3]).toMatchObject({ result: { children: ['ids'] } });
  });

  it('a client cut off from zk fails its requests with CONNECTIONLOSS, then learns its session expired', () => {
    const h = world([1]);
    h.runUntil(1000);
    cut(h, 'broker-1');
    h.command('broker-1', { type: 'request', op: { type: 'getData', path: '/controller' }, tag: 'inflight' });
    h.runUntil(6000);
    const b1 = broker(h, 1);
    // Nothing heard for readTimeout (2/3 of 6000 ms): the request in flight fails, then 'disconnected'.
    expect(kinds(b1.notes).slice(3)).toEqual(['inflight:CONNECTIONLOSS', 'disconnected']);
    // While disconnected, requests fail fast.
    h.command('broker-1', { type: 'request', op: { type: 'getData', path: '/controller' }, tag: 'fast' });
    h.runFor(1);
    expect(kinds(b1.notes).slice(5)).toEqual(['fast:CONNECTIONLOSS']);
    // The server expires the session: its ephemerals go.
    h.runUntil(20000);
    expect(zk(h).sessions).toEqual([]);
    expect(zk(h).znodes['/controller']).toBeUndefined();
    expect(zk(h).znodes['/brokers/ids/1']).toBeUndefined();
    // Healed: the reconnect with the old session id is answered 'expired'; the broker opens a new session
    // and registers again, as KafkaZkClient does after a session expiry.
    h.dropIf = null;
    h.runUntil(25000);
    expect(kinds(b1.notes).slice(6)).toEqual(['expired', 'connected', 'register:OK', 'elect:OK']);
    expect(b1.zk.sessionId).toBe(2);
    expect(b1.sessions).toBe(2);
    expect(znodeDataByPath(zk(h))).toMatchObject({
      '/brokers/ids/1': { brokerid: 1 },
      '/controller': { brokerid: 1 },
    });
  });

  it('a short disconnection resumes the same session and keeps the watches', () => {
    const h = world([1, 2]);
    h.runUntil(1000);
    expect(broker(h, 2).zk.existWatches).toEqual([]);
    expect(broker(h, 2).zk.dataWatches).toEqual(['/controller']);
    cut(h, 'broker-2');
    h.runUntil(5500); // broker-2 gives up on the connection after 4000 ms of silence, the session lives on
    expect(kinds(broker(h, 2).notes)).toContain('disconnected');
    h.dropIf = null;
    h.runUntil(8000);
    const notes = broker(h, 2).notes;
    expect(notes[notes.length - 1]).toEqual({ kind: 'connected', sessionId: 2, resumed: true });
    expect(zk(h).sessions.map((s) => s.sessionId)).toEqual([1, 2]);
    // Its /controller watch still works.
    cut(h, 'broker-1');
    h.runUntil(30000);
    expect(broker(h, 2).isController).toBe(true);
  });

  it('Kafka-like /controller race: one wins, the other watches and takes over when the winner expires', () => {
    const h = world([1, 2]);
    h.runUntil(1000);
    const b1 = broker(h, 1);
    const b2 = broker(h, 2);
    expect(b1.isController).toBe(true);
    expect(b2.isController).toBe(false);
    expect(kinds(b2.notes)).toEqual(['connected', 'register:OK', 'elect:NODEEXISTS', 'watchController:OK']);
    expect(zk(h).watches).toEqual([{ path: '/controller', kind: 'data', sessionId: 2 }]);

    cut(h, 'broker-1');
    h.runUntil(9000);
    // Session 1 expired at a tick boundary: /controller deleted, broker-2's exists-watch fired, it took over.
    expect(b2.notes.filter((n) => n.kind === 'watch')).toEqual([
      { kind: 'watch', event: 'NodeDeleted', path: '/controller' },
    ]);
    expect(b2.isController).toBe(true);
    expect(znodeDataByPath(zk(h))['/controller']).toEqual({ brokerid: 2 });
    expect(Object.keys(zk(h).znodes).filter((p) => p.startsWith('/brokers/ids/'))).toEqual([
      '/brokers/ids/2',
    ]);

    // broker-1 comes back: new session, registers again, loses the election and watches /controller.
    h.dropIf = null;
    h.runUntil(15000);
    expect(kinds(b1.notes).slice(-5)).toEqual([
      'expired',
      'connected',
      'register:OK',
      'elect:NODEEXISTS',
      'watchController:OK',
    ]);
    expect(b1.isController).toBe(false);
    expect(Object.keys(zk(h).znodes).filter((p) => p.startsWith('/brokers/ids/'))).toEqual([
      '/brokers/ids/1',
      '/brokers/ids/2',
    ]);
  });

  it('is deterministic: the same run gives the same trace', () => {
    const run = () => {
      const h = world([1, 2, 3]);
      h.runUntil(2000);
      cut(h, 'broker-1');
      h.runUntil(12000);
      h.dropIf = null;
      h.runUntil(20000);
      return h.trace;
    };
    const first = run();
    expect(first.length).toBeGreaterThan(50);
    expect(run()).toEqual(first);
  });
});
