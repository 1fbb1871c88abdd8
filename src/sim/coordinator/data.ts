// Copying znode data. Real ZooKeeper stores bytes, so a client can never share memory with the tree;
// here data is a JSON value, and the server copies it whenever it crosses the boundary (request in,
// response out), so that a client mutating its object can never change a znode, and vice versa.
import type { ZkData } from './protocol';

/** Deep enough for any Kafka znode (kafka.zk.ZkData writes at most a few levels); also stops cycles. */
const MAX_DEPTH = 64;

/**
 * A deep copy of `value` if it is a JSON value (null, boolean, finite number, string, array, plain
 * object), or undefined if it is not (a function, undefined, NaN, Infinity, a class instance, a cycle).
 * The server answers BADARGUMENTS for data that is not JSON, as ZooKeeper would for a malformed packet.
 */
export function copyZkData(value: unknown, depth = 0): ZkData | undefined {
  if (depth > MAX_DEPTH) return undefined;
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (Array.isArray(value)) {
    const out: ZkData[] = [];
    for (const item of value) {
      const copy = copyZkData(item, depth + 1);
      if (copy === undefined) return undefined;
      out.push(copy);
    }
    return out;
  }
  if (typeof value === 'object') {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return undefined;
    const out: { [key: string]: ZkData } = {};
    for (const key of Object.keys(value)) {
      const copy = copyZkData((value as Record<string, unknown>)[key], depth + 1);
      if (copy === undefined) return undefined;
      out[key] = copy;
    }
    return out;
  }
  return undefined;
}
