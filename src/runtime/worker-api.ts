// What a node worker does, as a plain object the worker serves (worker-protocol.ts): it keeps the memory
// of the nodes living in it (one broker, the coordinator, or all the clients together) and runs their
// share of each batch. It never decides order and never sees the disk except when a node (re)starts: the host keeps
// the disk image and applies disk effects itself, so killing the worker loses memory and nothing else.
import { traceDigest } from '../sim/core/hash';
import type { AnyNodeBehavior, Effect, NodeId, NodeSpec } from '../sim/core/node';
import type { RngState } from '../sim/core/rng';
import { NodeRunner, type NodeBatch, type NodeBatchResult, type NodeSnapshot } from '../sim/net/node-runner';
import { readNode } from './readers';

/** One node's share of a batch. `spec` and `rng` come with the input that (re)starts the node here. */
export interface NodeWork extends NodeBatch {
  spec?: NodeSpec;
  rng?: RngState;
}

export interface NodeOutcome extends NodeBatchResult {
  /** The node's rng stream after the batch: the host keeps it, so a restart continues the stream. */
  rng: RngState;
}

/** A node threw: which one and why. The worker stays up; the node's memory is suspect from then on. */
export interface NodeThrew {
  node: NodeId;
  message: string;
  stack?: string;
}

export type BatchReply =
  | {
      ok: true;
      outcomes: Record<NodeId, NodeOutcome>;
      /** When asked for: the views that changed (as `views` gives them), after the batch. */
      views?: Record<NodeId, unknown>;
    }
  | { ok: false; failure: NodeThrew };

/** A batch for one worker: each node's share, and whether to send the changed views with the reply. */
export interface WorkerBatch {
  work: Record<NodeId, NodeWork>;
  views: boolean;
}

export interface NodeWorkerApi {
  run(batch: WorkerBatch): BatchReply;
  /** Moves nodes' memories here (restoring a checkpoint, or after a fast re-simulation). */
  load(nodes: Record<NodeId, { spec: NodeSpec; snapshot: NodeSnapshot }>): void;
  snapshot(nodes: NodeId[]): Record<NodeId, NodeSnapshot>;
  /**
   * The views of those of `nodes` that ran or were loaded since their view was last asked for: a view
   * changes only when its node reacts to something, so the others are the ones the host already has.
   */
  views(nodes: NodeId[]): Record<NodeId, unknown>;
  /** Runs a reader (readers.ts) on a node's memory: part of it, for the UI. */
  read(node: NodeId, reader: string, args: unknown): unknown;
  /** Forgets nodes (crashed or exited) that shared this worker with others. */
  drop(nodes: NodeId[]): void;
}

/**
 * Digests here, in parallel, the messages and events a node emitted: the main thread then only adds
 * each digest to the trace where it would have walked the value (the trace is the same as in-process).
 */
function digestEffects(effects: Effect[] | null): void {
  if (effects === null) return;
  for (let i = 0; i < effects.length; i++) {
    const ef = effects[i]!;
    if (ef.type === 'send' && typeof ef.msg === 'object' && ef.msg !== null)
      effects[i] = { type: 'send', to: ef.to, msg: ef.msg, digest: traceDigest(ef.msg) };
    else if (ef.type === 'record')
      effects[i] = { type: 'record', event: ef.event, digest: traceDigest(ef.event) };
  }
}

export function createNodeWorkerApi(behaviors: Record<string, AnyNodeBehavior>): NodeWorkerApi {
  const runners = new Map<NodeId, NodeRunner>();
  /** Nodes whose view may have changed since it was last sent. */
  const changed = new Set<NodeId>();
  const make = (spec: NodeSpec, rng: RngState): NodeRunner => {
    const b = behaviors[spec.kind];
    if (!b) throw new Error(`no behaviour for node kind ${spec.kind} in this worker`);
    const r = new NodeRunner(spec, b, [...rng] as RngState);
    runners.set(spec.id, r);
    changed.add(spec.id);
    return r;
  };
  const viewsOf = (nodes: NodeId[]): Record<NodeId, unknown> => {
    const out: Record<NodeId, unknown> = {};
    for (const n of nodes) {
      if (!changed.has(n) && runners.has(n)) continue;
      changed.delete(n);
      out[n] = runners.get(n)?.view() ?? null;
    }
    return out;
  };
  return {
    run({ work, views }) {
      const outcomes: Record<NodeId, NodeOutcome> = {};
      for (const [node, w] of Object.entries(work)) {
        try {
          const runner = w.spec && w.rng ? make(w.spec, w.rng) : runners.get(node);
          if (!runner) throw new Error(`node ${node} does not live in this worker`);
          changed.add(node);
          const result = runner.runBatch(w);
          for (const effects of result.outputs) digestEffects(effects);
          for (const t of result.timers) digestEffects(t.effects);
          outcomes[node] = { ...result, rng: runner.rng };
        } catch (e) {
          const err = e instanceof Error ? e : new Error(String(e));
          return {
            ok: false,
            failure: {
              node,
              message: `${err.name}: ${err.message}`,
              ...(err.stack ? { stack: err.stack } : {}),
            },
          };
        }
      }
      return views ? { ok: true, outcomes, views: viewsOf([...runners.keys()]) } : { ok: true, outcomes };
    },
    load(nodes) {
      for (const { spec, snapshot } of Object.values(nodes)) make(spec, snapshot.rng).load(snapshot);
    },
    snapshot(nodes) {
      const out: Record<NodeId, NodeSnapshot> = {};
      for (const n of nodes) {
        const r = runners.get(n);
        if (r?.alive) out[n] = r.snapshot();
      }
      return out;
    },
    views: viewsOf,
    read(node, reader, args) {
      const r = runners.get(node);
      return r?.alive ? readNode(r.state, reader, args) : null;
    },
    drop(nodes) {
      for (const n of nodes) {
        runners.delete(n);
        changed.delete(n);
      }
    },
  };
}
