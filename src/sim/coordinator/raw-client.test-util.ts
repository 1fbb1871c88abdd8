// A raw protocol client for the server tests: sends messages from a pseudo node and reads its inbox.
// Test-only.
import { Harness } from './test-harness';
import { coordinatorBehavior } from './server';
import type { ZkOp, ZkResponseMsg, ZkServerMsg, ZkWatchMsg } from './protocol';
import type { ZkView } from './view';

export function newWorld(config: unknown = {}): Harness {
  const h = new Harness(7);
  h.add('zk', coordinatorBehavior, config);
  return h;
}

export class RawClient {
  private xid = 1;
  sessionId = -1;
  /** Watch events received and not yet taken. */
  watches: ZkWatchMsg[] = [];
  /** Other unsolicited messages (zk.expired, ...). */
  others: ZkServerMsg[] = [];

  constructor(
    readonly h: Harness,
    readonly id: string,
  ) {}

  connect(sessionTimeoutMs = 6000, sessionId?: number): ZkServerMsg {
    const msg: Record<string, unknown> = { type: 'zk.connect', sessionTimeoutMs };
    if (sessionId !== undefined) msg.sessionId = sessionId;
    this.h.send(this.id, 'zk', msg);
    this.h.runFor(2);
    const got = this.drain();
    const answer = got.find((m) => m.type === 'zk.connected' || m.type === 'zk.expired');
    if (answer === undefined) throw new Error(`${this.id}: no answer to connect`);
    if (answer.type === 'zk.connected') this.sessionId = answer.sessionId;
    return answer;
  }

  /** Sends one request and returns its response (watch events that arrive meanwhile go to `watches`). */
  request(op: ZkOp | Record<string, unknown>): ZkResponseMsg {
    const xid = this.xid++;
    this.h.send(this.id, 'zk', { type: 'zk.request', sessionId: this.sessionId, xid, op });
    this.h.runFor(2);
    const got = this.drain();
    const response = got.find((m): m is ZkResponseMsg => m.type === 'zk.response' && m.xid === xid);
    if (response === undefined)
      throw new Error(`${this.id}: no response for xid ${xid}: ${JSON.stringify(got)}`);
    return response;
  }

  send(msg: Record<string, unknown>): ZkServerMsg[] {
    this.h.send(this.id, 'zk', msg);
    this.h.runFor(2);
    return this.drain();
  }

  ping(): ZkServerMsg[] {
    return this.send({ type: 'zk.ping', sessionId: this.sessionId });
  }

  /** Reads the inbox: watch events are kept in `watches`, everything is returned. */
  drain(): ZkServerMsg[] {
    const got = this.h.take(this.id) as ZkServerMsg[];
    for (const m of got) {
      if (m.type === 'zk.watch') this.watches.push(m);
      else if (m.type !== 'zk.response' && m.type !== 'zk.connected') this.others.push(m);
    }
    return got;
  }

  takeWatches(): { event: string; path: string }[] {
    this.drain();
    const out = this.watches.map((w) => ({ event: w.event, path: w.path }));
    this.watches = [];
    return out;
  }
}

export function zkViewOf(h: Harness): ZkView {
  return h.view('zk') as ZkView;
}
