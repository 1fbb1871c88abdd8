// Node ids in the world. Brokers are `broker-<id>`, the ZooKeeper coordinator is `zk`, the admin tool that
// carries topic commands is `admin`; clients keep their scenario ids (validation reserves the others).
import type { NodeId } from './node';

export const ZK_NODE: NodeId = 'zk';
export const ADMIN_NODE: NodeId = 'admin';

export const brokerNode = (id: number): NodeId => `broker-${id}`;

/** The broker id of a node, or null if it is not a broker. */
export function brokerIdOf(node: NodeId): number | null {
  const m = /^broker-(\d+)$/.exec(node);
  return m ? Number(m[1]) : null;
}

/** A scenario's node reference (a broker id, a client id or "zk") as a node id. */
export const nodeRefToId = (ref: number | string): NodeId =>
  typeof ref === 'number' ? brokerNode(ref) : ref;
