// The wire between the host and a node worker: one postMessage per call and one per reply, on the
// worker's own port, in order. Plain structured clone, no proxies: a batch is the hot path (hundreds of
// round trips per wall second), and a generic RPC layer's per-call bookkeeping (ids as random strings,
// wire-value wrapping, a listener lookup per reply) costs more there than the call itself.
// Calls on one port are handled in the order they were posted, so a fire-and-forget `drop` cannot
// overtake the batch after it.
import type { NodeWorkerApi } from './worker-api';

/** What both a Worker (or its global scope) and a MessagePort offer. */
export interface Endpoint {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (ev: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (ev: MessageEvent) => void): void;
  start?(): void;
}

type Op = keyof NodeWorkerApi;

/** A call: [id, op, argument]. id 0 asks for no reply. */
type Call = [number, Op, unknown];
/** A reply: [id, true, value] or [id, false, error text]. */
type Reply = [number, true, unknown] | [number, false, string];

const OPS: readonly Op[] = ['run', 'load', 'snapshot', 'views', 'read', 'drop'];

const isCall = (d: unknown): d is Call =>
  Array.isArray(d) && d.length === 3 && typeof d[0] === 'number' && OPS.includes(d[1] as Op);

const errorText = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

/** Worker side: answers calls arriving at `ep` with the api's methods. */
export function serveNodeWorker(api: NodeWorkerApi, ep: Endpoint): void {
  const methods = api as unknown as Record<Op, (...args: unknown[]) => unknown>;
  ep.addEventListener('message', function onCall(ev: MessageEvent) {
    const data: unknown = ev.data;
    if (!isCall(data)) return;
    const [id, op, arg] = data;
    let reply: Reply;
    try {
      // `read` takes several arguments: they travel as one array.
      reply = [id, true, op === 'read' ? methods.read.apply(api, arg as never) : methods[op].call(api, arg)];
    } catch (e) {
      reply = [id, false, errorText(e)];
    }
    if (id === 0) return;
    try {
      ep.postMessage(reply);
    } catch (e) {
      ep.postMessage([id, false, `the reply to ${op} could not be sent: ${errorText(e)}`] satisfies Reply);
    }
  });
  ep.start?.();
}

/** What the host calls: the api's methods, each a message and (except drop) a promised reply. */
export interface NodeWorkerClient {
  run(work: Parameters<NodeWorkerApi['run']>[0]): Promise<ReturnType<NodeWorkerApi['run']>>;
  load(nodes: Parameters<NodeWorkerApi['load']>[0]): Promise<void>;
  snapshot(nodes: Parameters<NodeWorkerApi['snapshot']>[0]): Promise<ReturnType<NodeWorkerApi['snapshot']>>;
  views(nodes: Parameters<NodeWorkerApi['views']>[0]): Promise<ReturnType<NodeWorkerApi['views']>>;
  read(...args: Parameters<NodeWorkerApi['read']>): Promise<ReturnType<NodeWorkerApi['read']>>;
  /** Fire and forget: no reply, but ordered before any later call. */
  drop(nodes: Parameters<NodeWorkerApi['drop']>[0]): void;
  /** Stops listening; calls still pending never settle (the host races them against the worker's death). */
  close(): void;
}

/** Host side: calls the worker behind `ep`. */
export function connectNodeWorker(ep: Endpoint): NodeWorkerClient {
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  const onReply = function receiveReply(ev: MessageEvent) {
    const data = ev.data as Reply; // reading data is where the reply is deserialized
    const waiter = pending.get(data[0]);
    if (!waiter) return;
    pending.delete(data[0]);
    if (data[1]) waiter.resolve(data[2]);
    else waiter.reject(new Error(data[2]));
  };
  ep.addEventListener('message', onReply);
  ep.start?.();
  const call = <T>(op: Op, arg: unknown): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      ep.postMessage([id, op, arg] satisfies Call);
    });
  return {
    run: (work) => call('run', work),
    load: (nodes) => call('load', nodes),
    snapshot: (nodes) => call('snapshot', nodes),
    views: (nodes) => call('views', nodes),
    read: (...args) => call('read', args),
    drop: (nodes) => ep.postMessage([0, 'drop', nodes] satisfies Call),
    close: () => {
      ep.removeEventListener('message', onReply);
      pending.clear();
    },
  };
}
