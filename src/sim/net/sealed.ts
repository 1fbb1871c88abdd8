// A message sealed for the trip between workers. With one Web Worker per node, every message goes from
// its sender's worker to the main thread (the one scheduler, which decides its fate and hashes it into
// the trace) and on to its receiver's worker. The main thread needs only the message's type (the UI draws
// flights by it) and its trace digest, so the sender's worker seals the message: its JSON text, its type
// and its digest (hash.ts `traceDigest`). The main thread then carries one string, which the browser
// copies as a block, instead of reading and rewriting the message's object graph twice (structured clone
// costs per object: it was most of what posting a batch to a worker cost). The receiver opens it. The
// digest is the one the main thread would have computed, so the trace is the same as in-process, where
// messages are never sealed.
//
// JSON carries what messages are made of: plain objects, arrays, strings, finite numbers, booleans, null.
// A message holding anything else (an undefined field, NaN, bytes: the digest's walk notices) travels
// unsealed, by structured clone. With `verify` (the worker tests), sealing also checks that the message
// comes back from JSON unchanged, naming the first field that does not (a Map, a class instance, -0).
import { traceDigestIfJson, type TraceDigest } from '../core/hash';

export interface SealedMessage {
  readonly sealed: true;
  /** The message's `type`, when it has one. */
  readonly type?: unknown;
  readonly json: string;
  readonly digest: TraceDigest;
}

export function isSealed(msg: unknown): msg is SealedMessage {
  return typeof msg === 'object' && msg !== null && (msg as { sealed?: unknown }).sealed === true;
}

/** A sealed message, or null for one JSON would not carry exactly (and for values that are not objects). */
export function sealMessage(msg: unknown, verify = false): SealedMessage | null {
  if (typeof msg !== 'object' || msg === null) return null;
  const digest = traceDigestIfJson(msg);
  if (digest === null) return null;
  const json = JSON.stringify(msg);
  if (verify) checkRoundTrip(msg, JSON.parse(json) as unknown, '');
  const type = (msg as { type?: unknown }).type;
  return type === undefined ? { sealed: true, json, digest } : { sealed: true, type, json, digest };
}

/** The message itself: a sealed one opened, anything else as it is. */
export function openMessage(msg: unknown): unknown {
  return isSealed(msg) ? (JSON.parse(msg.json) as unknown) : msg;
}

/** Throws, naming the first field where `back` (the message after JSON) differs from `msg`. */
function checkRoundTrip(msg: unknown, back: unknown, path: string): void {
  const where = path || '(the message itself)';
  if (typeof msg === 'object' && msg !== null) {
    const proto = Object.getPrototypeOf(msg) as unknown;
    if (proto !== Object.prototype && proto !== Array.prototype) {
      throw new TypeError(`message field ${where} is not plain data`);
    }
    if (typeof back !== 'object' || back === null || Array.isArray(msg) !== Array.isArray(back)) {
      throw new TypeError(`message field ${where} does not survive JSON`);
    }
    const keys = Object.keys(msg);
    if (keys.join('\u0000') !== Object.keys(back).join('\u0000')) {
      throw new TypeError(`message field ${where} changes its fields through JSON`);
    }
    for (const k of keys) {
      checkRoundTrip(
        (msg as Record<string, unknown>)[k],
        (back as Record<string, unknown>)[k],
        `${path}.${k}`,
      );
    }
  } else if (!Object.is(msg, back)) {
    throw new TypeError(`message field ${where} (${String(msg)}) does not survive JSON`);
  }
}
