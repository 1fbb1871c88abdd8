// Behaviours for fixture worlds (fixtures.ts): the kernel's pinger, whose disk survives a crash
// visibly (it counts the pings it sent), and a pinger that throws at a chosen virtual time, to show how
// a failing node is reported.
import type { AnyNodeBehavior, NodeBehavior } from '../sim/core/node';
import { pingerBehavior, type PingerConfig, type PingerState } from '../sim/testing/pinger';

export interface FaultyConfig extends PingerConfig {
  /** Virtual time at which the node throws. */
  failAtMs: number;
}

const FAULT_TIMER = 'fault';

export const faultyBehavior: NodeBehavior<PingerState> = {
  ...pingerBehavior,
  init(spec, disk, ctx) {
    const state = pingerBehavior.init(spec, disk, ctx);
    const at = (spec.config as FaultyConfig).failAtMs;
    ctx.setTimer(FAULT_TIMER, Math.max(0, at - ctx.now));
    return state;
  },
  onTimer(state, timerId, ctx) {
    if (timerId === FAULT_TIMER) throw new Error(`simulated fault at ${ctx.now} ms (fixture)`);
    pingerBehavior.onTimer(state, timerId, ctx);
  },
};

// ---- A broker-like load: record batches checked with CRC-32C on arrival ----
// Kafka's broker validates every produced batch before appending it (LogValidator; the CRC-32C of
// DefaultRecordBatch, KIP-98): per message, real work proportional to its records. This node sends a
// batch of records to every peer each tick and checks the checksum of every batch it receives.

export interface BatchSenderConfig {
  peers: string[];
  intervalMs: number;
  recordsPerBatch: number;
  recordBytes: number;
}

interface BatchSenderState {
  config: BatchSenderConfig;
  sent: number;
  received: number;
  corrupt: number;
  bytes: number;
}

interface RecordBatchMsg {
  type: 'batch';
  baseOffset: number;
  records: string[];
  crc: number;
}

const CRC32C_TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

/** CRC-32C (Castagnoli) over the UTF-16 code units of the records, low byte then high byte. */
export function crc32c(records: readonly string[]): number {
  let c = -1;
  for (const r of records) {
    for (let i = 0; i < r.length; i++) {
      const u = r.charCodeAt(i);
      c = CRC32C_TABLE[(c ^ u) & 0xff]! ^ (c >>> 8);
      c = CRC32C_TABLE[(c ^ (u >>> 8)) & 0xff]! ^ (c >>> 8);
    }
  }
  return (c ^ -1) >>> 0;
}

export const batchSenderBehavior: NodeBehavior<BatchSenderState> = {
  init(spec, disk, ctx) {
    const config = spec.config as BatchSenderConfig;
    ctx.setTimer('tick', 1 + ctx.rng.int(config.intervalMs));
    return { config, sent: (disk['sent'] as number | undefined) ?? 0, received: 0, corrupt: 0, bytes: 0 };
  },
  onMessage(state, _from, msg) {
    const batch = msg as RecordBatchMsg;
    state.received++;
    if (crc32c(batch.records) !== batch.crc) state.corrupt++;
    for (const r of batch.records) state.bytes += r.length;
  },
  onTimer(state, _id, ctx) {
    const { peers, recordsPerBatch, recordBytes, intervalMs } = state.config;
    for (const peer of peers) {
      const records: string[] = [];
      for (let i = 0; i < recordsPerBatch; i++) {
        const key = `${ctx.self}-${state.sent}-${i}-${ctx.rng.nextU32().toString(36)}`;
        records.push(key.padEnd(recordBytes, '.'));
      }
      ctx.send(peer, {
        type: 'batch',
        baseOffset: state.sent,
        records,
        crc: crc32c(records),
      } satisfies RecordBatchMsg);
      state.sent++;
    }
    ctx.disk({ op: 'put', key: 'sent', value: state.sent });
    ctx.setTimer('tick', intervalMs);
  },
  view: (s) => ({ sent: s.sent, received: s.received, corrupt: s.corrupt }),
};

export const FIXTURE_BEHAVIORS: Record<string, AnyNodeBehavior> = {
  pinger: pingerBehavior,
  faulty: faultyBehavior,
  'batch-sender': batchSenderBehavior,
};
