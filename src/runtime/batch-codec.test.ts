import { describe, expect, it } from 'vitest';
import { sealMessage } from '../sim/net/sealed';
import { packBatch, packReply, unpackBatch, unpackReply } from './batch-codec';
import type { BatchReply, WorkerBatch } from './worker-api';

const fetch = {
  type: 'Fetch',
  replicaId: 2,
  partitions: [{ topic: 'orders', partition: 0, fetchOffset: 7 }],
};
const sealed = sealMessage(fetch)!;
const wire = <T>(v: T): T => structuredClone(v); // what postMessage does to what is posted

const batch = (): WorkerBatch => ({
  work: {
    'broker-1': {
      inputs: [
        { kind: 'deliver', from: 'broker-2', msg: sealed },
        { kind: 'deliver', from: 'zk', msg: { type: 'ConnectionClosed', node: 'zk' } },
        { kind: 'timer', timerId: 'replica-fetcher' },
        { kind: 'command', command: { type: 'produce', key: 'k', value: 'v' } },
      ],
      times: [10, 10, 11, 11],
      horizon: 12,
    },
  },
  views: true,
});

describe('the wire form of batches and replies', () => {
  it('carries a batch as JSON text and message bodies, and brings it back as it was', () => {
    const packed = packBatch(batch());
    expect(packed).toMatchObject({ packed: 'batch', bodies: [sealed.json] });
    expect(unpackBatch(wire(packed))).toEqual(batch());
  });

  it('sends as objects a batch that starts a node or holds what JSON would not carry exactly', () => {
    const starts = batch();
    starts.work['broker-1']!.spec = { id: 'broker-1', kind: 'broker', config: {} };
    const nan = batch();
    nan.work['broker-1']!.inputs.push({ kind: 'command', command: { type: 'produce', delayMs: NaN } });
    const open = batch();
    open.work['broker-1']!.horizon = Infinity;
    for (const b of [starts, nan, open]) expect(packBatch(b)).toBe(b);
  });

  it('carries a plain reply as JSON text and bodies, its views as objects, and brings it back', () => {
    const reply: BatchReply = {
      ok: true,
      plain: true,
      outcomes: {
        'broker-1': {
          outputs: [[{ type: 'send', to: 'broker-2', msg: sealed }], null],
          timers: [
            { timerId: 't', time: 11, effects: [{ type: 'record', event: { type: 'hw' }, digest: [1, 2] }] },
          ],
          rng: [1, 2, 3, 4],
        },
      },
      views: { 'broker-1': { at: Infinity } },
    };
    const packed = packReply(reply);
    expect(packed).toMatchObject({ packed: 'reply', bodies: [sealed.json] });
    const { plain, ...rest } = reply;
    expect(plain).toBe(true);
    expect(unpackReply(wire(packed))).toEqual(rest);
    expect(packReply({ ...reply, plain: false })).toEqual({ ...reply, plain: false });
  });
});
