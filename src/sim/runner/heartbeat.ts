// Heartbeat-only nodes: the world's first inhabitants, before the Kafka cluster moves in. Brokers ping
// the coordinator, which remembers when it last heard from each.
import type { NodeBehavior } from '../core/node';
import { ZK_NODE } from '../core/ids';

interface HbBroker {
  brokerId: number;
  pings: number;
}

export const heartbeatBroker: NodeBehavior<HbBroker> = {
  init(spec, _disk, ctx) {
    ctx.setTimer('ping', 1 + ctx.rng.int(100));
    return { brokerId: (spec.config as { brokerId: number }).brokerId, pings: 0 };
  },
  onMessage() {},
  onTimer(state, _id, ctx) {
    ctx.send(ZK_NODE, { type: 'ping', n: state.pings++ });
    ctx.setTimer('ping', 1000);
  },
};

/** Nodes that do nothing yet (clients and the admin tool, until the client layer exists). */
export const idleNode: NodeBehavior<null> = {
  init: () => null,
  onMessage() {},
  onTimer() {},
  onCommand() {},
};
