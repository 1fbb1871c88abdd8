import { describe, expect, it } from 'vitest';
import { computeLayout } from './layout';
import type { BrokerSnap } from '../data/types';

const broker = (id: number, rack: string): BrokerSnap => ({
  id,
  node: `broker-${id}`,
  rack,
  alive: true,
  started: true,
  registered: true,
  isController: false,
  brokerEpoch: id,
  replicas: [],
});

describe('the cluster canvas layout', () => {
  it('gives every broker card the same width, whatever the size of its rack', () => {
    // Five brokers in three racks of 2, 2 and 1, as in the busy built-in.
    const brokers = [broker(1, 'a'), broker(4, 'a'), broker(2, 'b'), broker(5, 'b'), broker(3, 'c')];
    const layout = computeLayout(brokers, [], 3);
    const widths = brokers.map((b) => layout.nodes[b.node]!.w);
    expect(new Set(widths).size).toBe(1);
    // Racks do not overlap, and each holds its brokers.
    const racks = [...layout.racks].sort((x, y) => x.x - y.x);
    for (let i = 1; i < racks.length; i++)
      expect(racks[i]!.x).toBeGreaterThan(racks[i - 1]!.x + racks[i - 1]!.w);
    for (const b of brokers) {
      const r = layout.racks.find((x) => x.rack === b.rack)!;
      const box = layout.nodes[b.node]!;
      expect(box.x).toBeGreaterThanOrEqual(r.x);
      expect(box.x + box.w).toBeLessThanOrEqual(r.x + r.w);
    }
  });
});
