import { describe, expect, it } from 'vitest';
import { newWorld, RawClient, zkViewOf } from './raw-client.test-util';
import type { ZkDataResult, ZkMultiResult } from './protocol';
import { znodeDataByPath } from './view';
import type { ZkServerState } from './state';

function setup(config: unknown = {}) {
  const h = newWorld(config);
  const a = new RawClient(h, 'broker-1');
  const b = new RawClient(h, 'broker-2');
  a.connect();
  b.connect();
  return { h, a, b };
}

describe('znodes: create, getData, setData, delete', () => {
  it('allocates session ids in order and counts createSession as a write transaction', () => {
    const { h, a, b } = setup();
    expect([a.sessionId, b.sessionId]).toEqual([1, 2]);
    expect(zkViewOf(h).zxid).toBe(2);
  });

  it('creates under an existing parent only, with stats and zxids', () => {
    const { h, a } = setup();
    expect(a.request({ type: 'create', path: '/brokers/ids', data: null }).err).toBe('NONODE');
    expect(a.request({ type: 'create', path: '/brokers', data: null })).toMatchObject({
      err: 'OK',
      result: { path: '/brokers' },
    });
    h.runFor(100);
    const created = a.request({ type: 'create', path: '/brokers/ids', data: { v: 1 } });
    expect(created).toMatchObject({ err: 'OK', zxid: 4 });
    const got = a.request({ type: 'getData', path: '/brokers/ids' });
    expect(got.err).toBe('OK');
    expect((got.result as ZkDataResult).data).toEqual({ v: 1 });
    expect((got.result as ZkDataResult).stat).toMatchObject({
      version: 0,
      cversion: 0,
      ephemeralOwner: 0,
      czxid: 4,
      mzxid: 4,
      ctime: 109,
      mtime: 109,
    });
    const parent = a.request({ type: 'getData', path: '/brokers' });
    expect((parent.result as ZkDataResult).stat).toMatchObject({ cversion: 1, pzxid: 4, numChildren: 1 });
    expect(a.request({ type: 'create', path: '/brokers', data: null }).err).toBe('NODEEXISTS');
    expect(a.request({ type: 'create', path: '/', data: null }).err).toBe('NODEEXISTS');
  });

  it('rejects malformed paths and data with BADARGUMENTS', () => {
    const { a } = setup();
    for (const path of ['', 'a', '/a/', '//a', '/a/./b', '/a/../b']) {
      expect(a.request({ type: 'create', path, data: null }).err, path).toBe('BADARGUMENTS');
    }
    expect(a.request({ type: 'create', path: '/x', data: { f: Number.POSITIVE_INFINITY } }).err).toBe(
      'BADARGUMENTS',
    );
    expect(a.request({ type: 'create', path: '/x', data: undefined as never }).err).toBe('BADARGUMENTS');
    expect(a.request({ type: 'delete', path: '/', version: -1 }).err).toBe('BADARGUMENTS');
    expect(a.request({ type: 'frobnicate', path: '/' }).err).toBe('BADARGUMENTS');
  });

  it('setData and delete are compare-and-set on the version', () => {
    const { a } = setup();
    a.request({ type: 'create', path: '/state', data: { leader: 1 } });
    expect(a.request({ type: 'setData', path: '/state', data: { leader: 2 }, version: 1 }).err).toBe(
      'BADVERSION',
    );
    const set = a.request({ type: 'setData', path: '/state', data: { leader: 2 }, version: 0 });
    expect(set).toMatchObject({ err: 'OK', result: { stat: { version: 1 } } });
    expect(a.request({ type: 'setData', path: '/state', data: { leader: 3 }, version: -1 }).err).toBe('OK');
    expect(a.request({ type: 'setData', path: '/missing', data: 1, version: -1 }).err).toBe('NONODE');
    const got = a.request({ type: 'getData', path: '/state' }).result as ZkDataResult;
    expect(got.data).toEqual({ leader: 3 });
    expect(got.stat.version).toBe(2);
    expect(got.stat.mzxid).toBeGreaterThan(got.stat.czxid);
    expect(a.request({ type: 'delete', path: '/state', version: 1 }).err).toBe('BADVERSION');
    expect(a.request({ type: 'delete', path: '/state', version: 2 }).err).toBe('OK');
    expect(a.request({ type: 'delete', path: '/state', version: -1 }).err).toBe('NONODE');
    expect(a.request({ type: 'getData', path: '/state' }).err).toBe('NONODE');
  });

  it('refuses to delete a znode with children (NOTEMPTY) and children of ephemerals', () => {
    const { a } = setup();
    a.request({ type: 'create', path: '/topics', data: null });
    a.request({ type: 'create', path: '/topics/t', data: null });
    expect(a.request({ type: 'delete', path: '/topics', version: -1 }).err).toBe('NOTEMPTY');
    a.request({ type: 'create', path: '/eph', data: null, ephemeral: true });
    expect(a.request({ type: 'create', path: '/eph/child', data: null }).err).toBe('NOCHILDRENFOREPHEMERALS');
    expect(a.request({ type: 'getChildren', path: '/' }).result).toEqual({ children: ['eph', 'topics'] });
  });

  it('names sequential znodes with the parent cversion in 10 digits, skipping after deletes', () => {
    const { a } = setup();
    a.request({ type: 'create', path: '/q', data: null });
    const names = [0, 1].map(
      () =>
        (
          a.request({ type: 'create', path: '/q/item-', data: null, sequential: true }).result as {
            path: string;
          }
        ).path,
    );
    expect(names).toEqual(['/q/item-0000000000', '/q/item-0000000001']);
    a.request({ type: 'delete', path: '/q/item-0000000000', version: -1 });
    const next = a.request({ type: 'create', path: '/q/', data: null, sequential: true });
    expect(next.result).toEqual({ path: '/q/0000000003' });
  });

  it('never aliases znode data with the client objects', () => {
    const { a } = setup();
    const mine = { brokerid: 1, endpoints: ['PLAINTEXT://b1:9092'] };
    a.request({ type: 'create', path: '/b', data: mine });
    mine.endpoints.push('mutated');
    const got = a.request({ type: 'getData', path: '/b' }).result as ZkDataResult;
    expect(got.data).toEqual({ brokerid: 1, endpoints: ['PLAINTEXT://b1:9092'] });
    (got.data as { brokerid: number }).brokerid = 99;
    expect((a.request({ type: 'getData', path: '/b' }).result as ZkDataResult).data).toEqual({
      brokerid: 1,
      endpoints: ['PLAINTEXT://b1:9092'],
    });
  });
});

describe('multi', () => {
  it('is all or nothing', () => {
    const { h, a } = setup();
    a.request({ type: 'create', path: '/controller_epoch', data: 1 });
    const zxid = zkViewOf(h).zxid;
    const failed = a.request({
      type: 'multi',
      ops: [
        { type: 'create', path: '/t', data: null },
        { type: 'create', path: '/t/p', data: null },
        { type: 'check', path: '/controller_epoch', version: 5 },
        { type: 'setData', path: '/controller_epoch', data: 2, version: -1 },
      ],
    });
    expect(failed.err).toBe('BADVERSION');
    expect((failed.result as ZkMultiResult).results).toEqual([
      { type: 'error', err: 'OK' },
      { type: 'error', err: 'OK' },
      { type: 'error', err: 'BADVERSION' },
      { type: 'error', err: 'RUNTIMEINCONSISTENCY' },
    ]);
    expect(a.request({ type: 'exists', path: '/t' }).err).toBe('NONODE');
    expect(zkViewOf(h).zxid).toBe(zxid);
    const root = a.request({ type: 'exists', path: '/' }).result as ZkDataResult;
    expect(root.stat).toMatchObject({ cversion: 1, numChildren: 1 });

    const ok = a.request({
      type: 'multi',
      ops: [
        { type: 'create', path: '/t', data: null },
        { type: 'create', path: '/t/p', data: { leader: 1 } },
        { type: 'check', path: '/controller_epoch', version: 0 },
        { type: 'setData', path: '/controller_epoch', data: 2, version: 0 },
      ],
    });
    expect(ok.err).toBe('OK');
    expect((ok.result as ZkMultiResult).results.map((r) => r.type)).toEqual([
      'create',
      'create',
      'check',
      'setData',
    ]);
    // One transaction, one zxid for all four ops.
    expect(zkViewOf(h).zxid).toBe(zxid + 1);
    expect((a.request({ type: 'getData', path: '/t/p' }).result as ZkDataResult).stat.czxid).toBe(zxid + 1);
  });
});

describe('watches', () => {
  it('a data watch fires NodeDataChanged once', () => {
    const { a, b } = setup();
    a.request({ type: 'create', path: '/w', data: 1 });
    b.request({ type: 'getData', path: '/w', watch: true });
    a.request({ type: 'setData', path: '/w', data: 2, version: -1 });
    a.request({ type: 'setData', path: '/w', data: 3, version: -1 });
    expect(b.takeWatches()).toEqual([{ event: 'NodeDataChanged', path: '/w' }]);
    expect(a.takeWatches()).toEqual([]);
  });

  it('exists on a missing znode watches its creation; getData on a missing znode leaves no watch', () => {
    const { a, b } = setup();
    expect(b.request({ type: 'exists', path: '/controller', watch: true }).err).toBe('NONODE');
    expect(b.request({ type: 'getData', path: '/other', watch: true }).err).toBe('NONODE');
    a.request({ type: 'create', path: '/controller', data: { brokerid: 1 } });
    a.request({ type: 'create', path: '/other', data: null });
    expect(b.takeWatches()).toEqual([{ event: 'NodeCreated', path: '/controller' }]);
  });

  it('a child watch fires NodeChildrenChanged on create and delete of a child, not on its data', () => {
    const { a, b } = setup();
    a.request({ type: 'create', path: '/ids', data: null });
    b.request({ type: 'getChildren', path: '/ids', watch: true });
    a.request({ type: 'create', path: '/ids/1', data: null });
    expect(b.takeWatches()).toEqual([{ event: 'NodeChildrenChanged', path: '/ids' }]);
    b.request({ type: 'getChildren', path: '/ids', watch: true });
    a.request({ type: 'setData', path: '/ids/1', data: 5, version: -1 });
    a.request({ type: 'setData', path: '/ids', data: 5, version: -1 });
    expect(b.takeWatches()).toEqual([]);
    a.request({ type: 'delete', path: '/ids/1', version: -1 });
    expect(b.takeWatches()).toEqual([{ event: 'NodeChildrenChanged', path: '/ids' }]);
  });

  it('delete fires NodeDeleted once per session on the node and NodeChildrenChanged on the parent', () => {
    const { a, b } = setup();
    a.request({ type: 'create', path: '/p', data: null });
    a.request({ type: 'create', path: '/p/c', data: null });
    b.request({ type: 'getData', path: '/p/c', watch: true });
    b.request({ type: 'exists', path: '/p/c', watch: true });
    b.request({ type: 'getChildren', path: '/p/c', watch: true });
    b.request({ type: 'getChildren', path: '/p', watch: true });
    a.request({ type: 'delete', path: '/p/c', version: -1 });
    expect(b.takeWatches()).toEqual([
      { event: 'NodeDeleted', path: '/p/c' },
      { event: 'NodeChildrenChanged', path: '/p' },
    ]);
    a.request({ type: 'create', path: '/p/c', data: null });
    expect(b.takeWatches()).toEqual([]);
  });

  it('the writer gets its watch events before its response', () => {
    const { a } = setup();
    a.request({ type: 'create', path: '/w', data: 1 });
    a.request({ type: 'getData', path: '/w', watch: true });
    const got = a.send({
      type: 'zk.request',
      sessionId: a.sessionId,
      xid: 99,
      op: { type: 'delete', path: '/w', version: -1 },
    });
    expect(got.map((m) => m.type)).toEqual(['zk.watch', 'zk.response']);
  });
});

describe('sessions', () => {
  it('negotiates the timeout within [2, 20] ticks', () => {
    const h = newWorld();
    expect(new RawClient(h, 'x').connect(1000)).toMatchObject({ sessionTimeoutMs: 4000 });
    expect(new RawClient(h, 'y').connect(18000)).toMatchObject({ sessionTimeoutMs: 18000 });
    expect(new RawClient(h, 'z').connect(100000)).toMatchObject({ sessionTimeoutMs: 40000 });
    const fast = newWorld({ tickTimeMs: 100 });
    expect(new RawClient(fast, 'x').connect(1000)).toMatchObject({ sessionTimeoutMs: 1000 });
  });

  it('expires at the first tick boundary after last contact + timeout, deleting ephemerals and firing watches', () => {
    const { h, a, b } = setup();
    a.request({ type: 'create', path: '/brokers', data: null });
    a.request({ type: 'create', path: '/brokers/1', data: { brokerid: 1 }, ephemeral: true });
    a.request({ type: 'create', path: '/controller', data: { brokerid: 1 }, ephemeral: true });
    a.request({ type: 'create', path: '/persistent', data: null });
    b.request({ type: 'exists', path: '/controller', watch: true });
    b.request({ type: 'getChildren', path: '/brokers', watch: true });
    // a's last message arrived at t=11 (its 4th request): deadline = 6011 rounded up to the next tick.
    const lastContact = 11;
    const deadline = (Math.floor((lastContact + 6000) / 2000) + 1) * 2000;
    expect(deadline).toBe(8000);
    // b keeps its session alive with pings.
    while (h.now < 7000) {
      b.ping();
      h.runFor(1000);
    }
    b.ping();
    h.runUntil(deadline - 1);
    expect(zkViewOf(h).znodes['/controller']).toBeDefined();
    h.runUntil(deadline);
    expect(zkViewOf(h).znodes['/controller']).toBeUndefined();
    b.ping();
    const view = zkViewOf(h);
    expect(view.znodes['/controller']).toBeUndefined();
    expect(view.znodes['/brokers/1']).toBeUndefined();
    expect(view.znodes['/persistent']).toBeDefined();
    expect(view.sessions.map((s) => s.sessionId)).toEqual([b.sessionId]);
    expect(b.takeWatches()).toEqual([
      { event: 'NodeChildrenChanged', path: '/brokers' },
      { event: 'NodeDeleted', path: '/controller' },
    ]);
    // Anything a sends about its old session is answered with zk.expired.
    expect(a.ping()).toEqual([{ type: 'zk.expired', sessionId: a.sessionId }]);
    expect(a.connect(6000, a.sessionId)).toEqual({ type: 'zk.expired', sessionId: a.sessionId });
  });

  it('zk.close deletes the ephemerals at once and drops the session watches', () => {
    const { h, a, b } = setup();
    a.request({ type: 'create', path: '/e', data: null, ephemeral: true });
    a.request({ type: 'create', path: '/x', data: null });
    a.request({ type: 'getData', path: '/x', watch: true });
    b.request({ type: 'exists', path: '/e', watch: true });
    expect(a.send({ type: 'zk.close', sessionId: a.sessionId })).toContainEqual({
      type: 'zk.closed',
      sessionId: a.sessionId,
    });
    expect(zkViewOf(h).znodes['/e']).toBeUndefined();
    expect(b.takeWatches()).toEqual([{ event: 'NodeDeleted', path: '/e' }]);
    b.request({ type: 'setData', path: '/x', data: 1, version: -1 });
    expect(a.takeWatches()).toEqual([]);
    expect(zkViewOf(h).watches).toEqual([]);
  });

  it('resuming a live session keeps it and its ephemerals', () => {
    const { h, a } = setup();
    a.request({ type: 'create', path: '/e', data: null, ephemeral: true });
    h.runFor(5000);
    expect(a.connect(6000, a.sessionId)).toMatchObject({
      type: 'zk.connected',
      sessionId: 1,
      sessionTimeoutMs: 6000,
    });
    h.runFor(5000);
    expect(zkViewOf(h).znodes['/e']).toBeDefined();
  });
});

describe('state and view', () => {
  it('state is plain data that survives JSON and structuredClone', () => {
    const { h, a, b } = setup();
    a.request({ type: 'create', path: '/a', data: { x: [1, 'two', null, true] } });
    b.request({ type: 'getChildren', path: '/', watch: true });
    const state = h.state<ZkServerState>('zk');
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
    expect(structuredClone(state)).toEqual(state);
  });

  it('gives path -> data in path order', () => {
    const { h, a } = setup();
    a.request({ type: 'create', path: '/controller', data: { brokerid: 2 }, ephemeral: true });
    a.request({ type: 'create', path: '/brokers', data: null });
    const byPath = znodeDataByPath(zkViewOf(h));
    expect(byPath).toEqual({ '/brokers': null, '/controller': { brokerid: 2 } });
    expect(Object.keys(byPath)).toEqual(['/brokers', '/controller']);
  });
});
