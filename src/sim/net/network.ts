// The network model: one-way latency plus jitter per directed link, FIFO per directed link (as a TCP
// connection gives), random loss as an integer ratio, partitions (symmetric by groups, or one-way cut
// links), and isolation of a node. Plain data throughout: it is part of every checkpoint.
import type { NodeId } from '../core/node';
import { Rng, type RngState } from '../core/rng';

export interface LinkParams {
  latencyMs: number;
  jitterMs: number;
  /** Loss as an integer ratio dropNum/dropDen (TigerBeetle style: no floats in the model). */
  dropNum: number;
  dropDen: number;
}

export interface NetworkState {
  defaults: LinkParams;
  /** Overrides per directed node pair, key `from->to`. */
  links: Record<string, Partial<LinkParams>>;
  /** Overrides per directed rack pair, key `rackA->rackB`. */
  rackLinks: Record<string, Partial<LinkParams>>;
  /** Each node's rack, when it has one. */
  racks: Record<NodeId, string>;
  /** Directed links cut one way, key `from->to`. */
  cut: Record<string, true>;
  /** Partition groups: two nodes in different groups cannot talk; nodes in no group reach everyone. */
  groups: Record<NodeId, number>;
  isolated: Record<NodeId, true>;
  /** The latest delivery time scheduled per directed link, so a later send never overtakes (FIFO). */
  lastDeliverAt: Record<string, number>;
  rng: RngState;
}

export type NetOp =
  | { op: 'partition'; groups: NodeId[][] }
  | { op: 'cut'; from: NodeId; to: NodeId; oneWay: boolean }
  | { op: 'isolate'; node: NodeId }
  | { op: 'heal' }
  | { op: 'setLink'; from: NodeId; to: NodeId; params: Partial<LinkParams>; oneWay: boolean }
  | { op: 'setRackLink'; from: string; to: string; params: Partial<LinkParams>; oneWay: boolean };

export type SendOutcome =
  { dropped: false; deliverAt: number } | { dropped: true; reason: 'partition' | 'loss' };

/** Messages take at least this long, so no node ever waits on another's answer at the same instant. */
export const MIN_LATENCY_MS = 1;

export function createNetwork(
  defaults: LinkParams,
  rng: RngState,
  racks: Record<NodeId, string> = {},
): NetworkState {
  return {
    defaults,
    links: {},
    rackLinks: {},
    racks,
    cut: {},
    groups: {},
    isolated: {},
    lastDeliverAt: {},
    rng,
  };
}

/**
 * The key of a directed link, `from->to`. Every message looks its link up (cuts, overrides, FIFO), so
 * each key string is built once and kept: a kept string also keeps its hash, which makes the lookups
 * cheap. Pairs of node ids (or racks) are few.
 */
const linkKeys = new Map<string, Map<string, string>>();

function linkKey(from: string, to: string): string {
  let byTo = linkKeys.get(from);
  if (byTo === undefined) linkKeys.set(from, (byTo = new Map()));
  let key = byTo.get(to);
  if (key === undefined) byTo.set(to, (key = `${from}->${to}`));
  return key;
}

export function linkParams(net: NetworkState, from: NodeId, to: NodeId): LinkParams {
  return paramsOf(net, from, to, linkKey(from, to));
}

function paramsOf(net: NetworkState, from: NodeId, to: NodeId, key: string): LinkParams {
  const own = net.links[key];
  const rf = net.racks[from];
  const rt = net.racks[to];
  const rack = rf !== undefined && rt !== undefined ? net.rackLinks[linkKey(rf, rt)] : undefined;
  if (own === undefined && rack === undefined) return net.defaults;
  return { ...net.defaults, ...rack, ...own };
}

export function isBlocked(net: NetworkState, from: NodeId, to: NodeId): boolean {
  return blocked(net, from, to, linkKey(from, to));
}

function blocked(net: NetworkState, from: NodeId, to: NodeId, key: string): boolean {
  if (from === to) return false;
  if (net.isolated[from] || net.isolated[to]) return true;
  if (net.cut[key]) return true;
  const gf = net.groups[from];
  const gt = net.groups[to];
  return gf !== undefined && gt !== undefined && gf !== gt;
}

/** Decides the fate of a message sent now: dropped, or the time it arrives. Draws from the network's rng. */
export function routeMessage(net: NetworkState, now: number, from: NodeId, to: NodeId): SendOutcome {
  const key = linkKey(from, to);
  if (blocked(net, from, to, key)) return { dropped: true, reason: 'partition' };
  const p = paramsOf(net, from, to, key);
  const rng = new Rng(net.rng);
  if (p.dropNum > 0 && rng.chance(p.dropNum, p.dropDen)) return { dropped: true, reason: 'loss' };
  const jitter = p.jitterMs > 0 ? rng.int(p.jitterMs + 1) : 0;
  const earliest = now + Math.max(MIN_LATENCY_MS, p.latencyMs + jitter);
  const last = net.lastDeliverAt[key] ?? 0;
  const deliverAt = earliest > last ? earliest : last; // FIFO: equal times keep send order through seq
  net.lastDeliverAt[key] = deliverAt;
  return { dropped: false, deliverAt };
}

export function applyNetOp(net: NetworkState, op: NetOp): void {
  switch (op.op) {
    case 'partition':
      net.groups = {};
      op.groups.forEach((group, i) => {
        for (const node of group) net.groups[node] = i;
      });
      return;
    case 'cut':
      net.cut[linkKey(op.from, op.to)] = true;
      if (!op.oneWay) net.cut[linkKey(op.to, op.from)] = true;
      return;
    case 'isolate':
      net.isolated[op.node] = true;
      return;
    case 'heal':
      net.groups = {};
      net.cut = {};
      net.isolated = {};
      return;
    case 'setLink':
      net.links[linkKey(op.from, op.to)] = { ...net.links[linkKey(op.from, op.to)], ...op.params };
      if (!op.oneWay)
        net.links[linkKey(op.to, op.from)] = { ...net.links[linkKey(op.to, op.from)], ...op.params };
      return;
    case 'setRackLink':
      net.rackLinks[linkKey(op.from, op.to)] = { ...net.rackLinks[linkKey(op.from, op.to)], ...op.params };
      if (!op.oneWay) {
        net.rackLinks[linkKey(op.to, op.from)] = { ...net.rackLinks[linkKey(op.to, op.from)], ...op.params };
      }
      return;
  }
}
