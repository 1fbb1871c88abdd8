// Where everything sits on the cluster canvas, in a fixed 1000 x 600 coordinate space (the SVG viewBox):
// ZooKeeper on top, brokers in a row grouped by rack (d3 band scales), producers on the left, consumers
// on the right grouped by consumer group. Pure: the same inputs give the same picture.
import { scalePoint } from 'd3';
import type { BrokerSnap, ClientSnap } from '../data/types';

export const VIEW_W = 1000;
export const VIEW_H = 480;

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface RackBox extends Box {
  rack: string;
}

export interface Layout {
  /** Node id -> its box (cards and client badges alike). */
  nodes: Record<string, Box>;
  racks: RackBox[];
  groups: (Box & { groupId: string })[];
  brokerW: number;
}

const CLIENT_W = 118;
const CLIENT_H = 40;
const BROKER_TOP = 140;

export function brokerCardHeight(rows: number): number {
  return 40 + rows * 20;
}

export function computeLayout(brokers: BrokerSnap[], clients: ClientSnap[], rowsPerBroker: number): Layout {
  const nodes: Record<string, Box> = {};
  nodes['zk'] = { x: VIEW_W / 2 - 70, y: 18, w: 140, h: 44 };
  nodes['admin'] = { x: 14, y: 18, w: 90, h: 30 };

  const rackOf = (b: BrokerSnap) => b.rack ?? '(no rack)';
  const rackNames = [...new Set(brokers.map(rackOf))];
  const left = 150;
  const right = VIEW_W - 150;
  // Each rack's width is in proportion to its brokers, so that brokers get the same width whichever
  // rack they are in (a rack of one beside racks of two would otherwise squeeze the two).
  const perRack = rackNames.map((rack) => brokers.filter((b) => rackOf(b) === rack));
  const gap = rackNames.length > 1 ? ((right - left) * 0.06) / rackNames.length : 0;
  const unit = (right - left - gap * (rackNames.length - 1)) / Math.max(1, brokers.length);
  const cardH = brokerCardHeight(rowsPerBroker);
  const racks: RackBox[] = [];
  // Each broker has a slot `unit` wide; its card fills the slot but for a margin each side.
  const brokerW = Math.max(0, Math.min(190, unit - 12));
  let x0 = left;
  for (const [i, rack] of rackNames.entries()) {
    const inRack = perRack[i]!;
    const bw = unit * inRack.length;
    inRack.forEach((b, j) => {
      const cx = x0 + unit * (j + 0.5);
      nodes[b.node] = { x: cx - brokerW / 2, y: BROKER_TOP, w: brokerW, h: cardH };
    });
    racks.push({ rack, x: x0, y: BROKER_TOP - 26, w: bw, h: cardH + 36 });
    x0 += bw + gap;
  }

  const producers = clients.filter((c) => c.type === 'producer');
  const consumers = clients.filter((c) => c.type === 'consumer');
  const spread = (n: number) =>
    scalePoint<number>()
      .domain(Array.from({ length: n }, (_, i) => i))
      .range([110, VIEW_H - 20])
      .padding(0.6);
  const ps = spread(producers.length);
  producers.forEach((c, i) => {
    nodes[c.id] = { x: 12, y: ps(i)! - CLIENT_H / 2, w: CLIENT_W, h: CLIENT_H };
  });
  // Consumers: members of one group stay together, each group under a bracket.
  const byGroup = new Map<string, ClientSnap[]>();
  for (const c of consumers) {
    const g = c.groupId ?? '(no group)';
    byGroup.set(g, [...(byGroup.get(g) ?? []), c]);
  }
  const ordered = [...byGroup.values()].flat();
  const cs = spread(ordered.length + Math.max(0, byGroup.size - 1));
  const groups: Layout['groups'] = [];
  let slot = 0;
  for (const [groupId, members] of byGroup) {
    const first = slot;
    for (const c of members) {
      nodes[c.id] = { x: VIEW_W - CLIENT_W - 12, y: cs(slot)! - CLIENT_H / 2, w: CLIENT_W, h: CLIENT_H };
      slot++;
    }
    const y0 = cs(first)! - CLIENT_H / 2 - 16;
    const y1 = cs(slot - 1)! + CLIENT_H / 2 + 4;
    groups.push({ groupId, x: VIEW_W - CLIENT_W - 18, y: y0, w: CLIENT_W + 12, h: y1 - y0 });
    slot++;
  }
  return { nodes, racks, groups, brokerW };
}

/** The point where the segment from a box's centre towards (tx, ty) leaves the box. */
export function anchor(b: Box, tx: number, ty: number): [number, number] {
  const cx = b.x + b.w / 2;
  const cy = b.y + b.h / 2;
  const dx = tx - cx;
  const dy = ty - cy;
  if (dx === 0 && dy === 0) return [cx, cy];
  const sx = dx !== 0 ? b.w / 2 / Math.abs(dx) : Infinity;
  const sy = dy !== 0 ? b.h / 2 / Math.abs(dy) : Infinity;
  const s = Math.min(sx, sy);
  return [cx + dx * s, cy + dy * s];
}

export interface Curve {
  x0: number;
  y0: number;
  cx: number;
  cy: number;
  x1: number;
  y1: number;
}

/**
 * The path of messages from one node to another: a quadratic curve bent to the right of its direction,
 * so that requests and responses between the same two nodes travel in two lanes.
 */
export function curveBetween(a: Box, b: Box, bend: number): Curve {
  const [x0, y0] = anchor(a, b.x + b.w / 2, b.y + b.h / 2);
  const [x1, y1] = anchor(b, a.x + a.w / 2, a.y + a.h / 2);
  const dx = x1 - x0;
  const dy = y1 - y0;
  const len = Math.hypot(dx, dy) || 1;
  const k = bend * len;
  return { x0, y0, x1, y1, cx: (x0 + x1) / 2 - (dy / len) * k, cy: (y0 + y1) / 2 + (dx / len) * k };
}

export function pointOn(c: Curve, t: number): [number, number] {
  const u = 1 - t;
  return [u * u * c.x0 + 2 * u * t * c.cx + t * t * c.x1, u * u * c.y0 + 2 * u * t * c.cy + t * t * c.y1];
}
