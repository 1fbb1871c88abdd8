// The wire form of a batch and of its reply. Chromium's structured clone costs per object: posting a
// batch of message objects to a worker took 2-3 times as long as posting the same data as one string (a
// micro-benchmark of six workers on a 2-core machine), and the main thread posts and reads hundreds of
// batches per wall second. So a batch and a reply travel, when JSON carries them exactly, as an envelope
// of JSON text plus the bodies of their sealed messages (src/sim/net/sealed.ts) as separate strings:
// the bodies are JSON already and are not escaped again, and the main thread never parses them. A batch
// that starts a node, or holds a value JSON would not carry exactly (an undefined field, NaN), and the
// views a reply may bring, travel as objects.
import { isPlainJson } from '../sim/core/hash';
import type { Effect } from '../sim/core/node';
import { isSealed, type SealedMessage } from '../sim/net/sealed';
import type { BatchReply, NodeWork, WorkerBatch } from './worker-api';

/** A sealed message in an envelope: its body is `bodies[body]`. */
interface Enveloped {
  sealed: true;
  type?: unknown;
  body: number;
  digest: SealedMessage['digest'];
}

export interface PackedBatch {
  packed: 'batch';
  json: string;
  bodies: string[];
}

export interface PackedReply {
  packed: 'reply';
  json: string;
  bodies: string[];
  views?: Record<string, unknown>;
}

function envelope(msg: SealedMessage, bodies: string[]): Enveloped {
  bodies.push(msg.json);
  const out: Enveloped = { sealed: true, body: bodies.length - 1, digest: msg.digest };
  if (msg.type !== undefined) out.type = msg.type;
  return out;
}

function unenvelope(msg: Enveloped, bodies: readonly string[]): SealedMessage {
  const json = bodies[msg.body]!;
  return msg.type === undefined
    ? { sealed: true, json, digest: msg.digest }
    : { sealed: true, type: msg.type, json, digest: msg.digest };
}

/** The batch as it goes on the wire (main thread side). */
export function packBatch(batch: WorkerBatch): WorkerBatch | PackedBatch {
  const bodies: string[] = [];
  const work: Record<string, NodeWork> = {};
  for (const [node, w] of Object.entries(batch.work)) {
    if (w.spec !== undefined || w.rng !== undefined || !Number.isFinite(w.horizon)) return batch;
    const inputs: NodeWork['inputs'] = [];
    for (const input of w.inputs) {
      if (input.kind === 'init') return batch;
      if (input.kind === 'deliver' && isSealed(input.msg)) {
        inputs.push({ kind: 'deliver', from: input.from, msg: envelope(input.msg, bodies) });
        continue;
      }
      if (input.kind === 'deliver' && !isPlainJson(input.msg)) return batch;
      if (input.kind === 'command' && !isPlainJson(input.command)) return batch;
      inputs.push(input);
    }
    work[node] = { inputs, times: w.times, horizon: w.horizon };
  }
  return { packed: 'batch', json: JSON.stringify({ work, views: batch.views }), bodies };
}

/** The batch as the worker runs it. */
export function unpackBatch(wire: WorkerBatch | PackedBatch): WorkerBatch {
  if (!('packed' in wire)) return wire;
  const batch = JSON.parse(wire.json) as WorkerBatch;
  for (const w of Object.values(batch.work)) {
    for (const input of w.inputs) {
      if (input.kind === 'deliver' && isSealed(input.msg)) {
        input.msg = unenvelope(input.msg as unknown as Enveloped, wire.bodies);
      }
    }
  }
  return batch;
}

/**
 * The reply as it goes on the wire (worker side), when everything in it but the views is data JSON
 * carries exactly (`plain`: the worker checked as it sealed and digested the effects).
 */
export function packReply(reply: BatchReply): BatchReply | PackedReply {
  if (!reply.ok || !reply.plain) return reply;
  const bodies: string[] = [];
  const pack = (effects: Effect[] | null) =>
    effects?.map((ef) =>
      ef.type === 'send' && isSealed(ef.msg) ? { ...ef, msg: envelope(ef.msg, bodies) } : ef,
    ) ?? null;
  const outcomes: typeof reply.outcomes = {};
  for (const [node, o] of Object.entries(reply.outcomes)) {
    outcomes[node] = {
      outputs: o.outputs.map(pack),
      timers: o.timers.map((t) => ({ ...t, effects: pack(t.effects)! })),
      rng: o.rng,
    };
  }
  const packed: PackedReply = { packed: 'reply', json: JSON.stringify(outcomes), bodies };
  if (reply.views) packed.views = reply.views;
  return packed;
}

/** The reply as the host merges it (main thread side). */
export function unpackReply(wire: BatchReply | PackedReply): BatchReply {
  if (!('packed' in wire)) return wire;
  const outcomes = JSON.parse(wire.json) as Extract<BatchReply, { ok: true }>['outcomes'];
  const open = (effects: Effect[] | null) => {
    if (effects === null) return;
    for (const ef of effects) {
      if (ef.type === 'send' && isSealed(ef.msg))
        ef.msg = unenvelope(ef.msg as unknown as Enveloped, wire.bodies);
    }
  };
  for (const o of Object.values(outcomes)) {
    for (const effects of o.outputs) open(effects);
    for (const t of o.timers) open(t.effects);
  }
  return wire.views ? { ok: true, outcomes, views: wire.views } : { ok: true, outcomes };
}
