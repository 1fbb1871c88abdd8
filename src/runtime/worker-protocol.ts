// The wire between the host and a node worker. The worker's API is reached through comlink (load,
// snapshot, views, read, drop: a few calls per frame at most, in the order posted). The hot path, `run`
// (one batch of a virtual instant's events, hundreds of round trips per wall second), travels on a
// MessagePort of its own as plain [id, argument] messages: comlink's per-call bookkeeping (random string
// ids, wire-value wrapping) cost 40-60% of worker-mode throughput on the 5-broker load benchmark. The
// host awaits every batch before any other call, so the two ports never race; `drop` (a node that
// crashed leaves a shared worker) goes through comlink so that a later `load` of it cannot overtake it.
import { expose, releaseProxy, transfer, wrap, type Endpoint as ComlinkEndpoint } from 'comlink';
import type { NodeWorkerApi } from './worker-api';

/** What both a Worker (or its global scope) and a MessagePort offer. */
export interface Endpoint {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (ev: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (ev: MessageEvent) => void): void;
  start?(): void;
}

/** A batch call: [id, work]. */
type Call = [number, unknown];
/** A reply: [id, true, value] or [id, false, error text]. */
type Reply = [number, true, unknown] | [number, false, string];

/** What comlink exposes: the API, and the way to hand the worker its batch port. */
interface ExposedApi extends NodeWorkerApi {
  batchPort(port: MessagePort): void;
}

const errorText = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

/** Answers batch calls arriving at `port` with the api's run. */
function serveBatches(api: NodeWorkerApi, port: MessagePort): void {
  port.addEventListener('message', function onBatch(ev: MessageEvent) {
    const [id, work] = ev.data as Call;
    let reply: Reply;
    try {
      reply = [id, true, api.run(work as Parameters<NodeWorkerApi['run']>[0])];
    } catch (e) {
      reply = [id, false, errorText(e)];
    }
    try {
      port.postMessage(reply);
    } catch (e) {
      port.postMessage([id, false, `the reply to run could not be sent: ${errorText(e)}`] satisfies Reply);
    }
  });
  port.start();
}

/** Worker side: exposes the api on `ep` through comlink, and serves batches on the port it is given. */
export function serveNodeWorker(api: NodeWorkerApi, ep: Endpoint): void {
  const exposed: ExposedApi = { ...api, batchPort: (port) => serveBatches(api, port) };
  expose(exposed, ep as ComlinkEndpoint);
}

/** What the host calls: the api's methods, each a message and (except drop) a promised reply. */
export interface NodeWorkerClient {
  run(work: Parameters<NodeWorkerApi['run']>[0]): Promise<ReturnType<NodeWorkerApi['run']>>;
  load(nodes: Parameters<NodeWorkerApi['load']>[0]): Promise<void>;
  snapshot(nodes: Parameters<NodeWorkerApi['snapshot']>[0]): Promise<ReturnType<NodeWorkerApi['snapshot']>>;
  views(nodes: Parameters<NodeWorkerApi['views']>[0]): Promise<ReturnType<NodeWorkerApi['views']>>;
  read(...args: Parameters<NodeWorkerApi['read']>): Promise<ReturnType<NodeWorkerApi['read']>>;
  /** Fire and forget: no reply awaited, but ordered before any later load. */
  drop(nodes: Parameters<NodeWorkerApi['drop']>[0]): void;
  /** Stops listening; calls still pending never settle (the host races them against the worker's death). */
  close(): void;
}

/** Host side: calls the worker behind `ep`. */
export function connectNodeWorker(ep: Endpoint): NodeWorkerClient {
  const remote = wrap<ExposedApi>(ep as ComlinkEndpoint);
  const { port1: batches, port2: theirs } = new MessageChannel();
  // Batches posted before the worker listens wait in its port: nothing is lost or reordered.
  void remote.batchPort(transfer(theirs, [theirs])).catch(() => {});
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  batches.addEventListener('message', function receiveReply(ev: MessageEvent) {
    const data = ev.data as Reply; // reading data is where the reply is deserialized
    const waiter = pending.get(data[0]);
    if (!waiter) return;
    pending.delete(data[0]);
    if (data[1]) waiter.resolve(data[2]);
    else waiter.reject(new Error(data[2]));
  });
  batches.start();
  return {
    run: (work) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        batches.postMessage([id, work] satisfies Call);
      }),
    load: (nodes) => remote.load(nodes),
    snapshot: (nodes) => remote.snapshot(nodes),
    views: (nodes) => remote.views(nodes),
    read: (...args) => remote.read(...args),
    drop: (nodes) => void remote.drop(nodes).catch(() => {}),
    close: () => {
      pending.clear();
      batches.close();
      remote[releaseProxy]();
    },
  };
}
