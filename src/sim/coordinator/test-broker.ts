// A Kafka-like broker reduced to its ZooKeeper duties, for the coordinator's tests: it registers
// /brokers/ids/<id> (ephemeral) and runs the controller election of KafkaController.elect: create
// /controller (ephemeral, {"brokerid": N}); on NODEEXISTS watch it with exists and try again when it is
// deleted. On session expiry it opens a new session and registers again, as the broker does through
// ZooKeeperClient's state-change handlers. Test-only.
import type { NodeBehavior } from '../core/node';
import {
  createZkClient,
  zkCreateRecursive,
  zkOnMessage,
  zkOnTimer,
  zkRequest,
  zkStart,
  type ZkClientState,
  type ZkNotification,
} from './client';
import type { ZkOp } from './protocol';

export interface TestBrokerConfig {
  brokerId: number;
  sessionTimeoutMs: number;
}

export interface TestBrokerState {
  brokerId: number;
  zk: ZkClientState;
  /** Every notification the client produced, in order. */
  notes: ZkNotification[];
  isController: boolean;
  /** How many sessions this broker has opened. */
  sessions: number;
}

export type TestBrokerCommand = { type: 'request'; op: ZkOp; tag: string };

function handle(
  state: TestBrokerState,
  notes: ZkNotification[] | null,
  ctx: Parameters<NodeBehavior['onTimer']>[2],
) {
  for (const note of notes ?? []) {
    state.notes.push(note);
    switch (note.kind) {
      case 'connected':
        if (!note.resumed) {
          state.sessions += 1;
          zkCreateRecursive(
            state.zk,
            {
              type: 'create',
              path: `/brokers/ids/${state.brokerId}`,
              data: { brokerid: state.brokerId },
              ephemeral: true,
            },
            'register',
            ctx,
          );
          elect(state, ctx);
        }
        break;
      case 'response':
        if (note.tag === 'elect') {
          if (note.err === 'OK') state.isController = true;
          else if (note.err === 'NODEEXISTS') {
            zkRequest(state.zk, { type: 'exists', path: '/controller', watch: true }, 'watchController', ctx);
          }
        } else if (note.tag === 'watchController' && note.err === 'NONODE') {
          elect(state, ctx); // deleted between our create and our exists
        }
        break;
      case 'watch':
        if (note.path === '/controller' && note.event === 'NodeDeleted') elect(state, ctx);
        break;
      case 'expired':
        state.isController = false;
        zkStart(state.zk, ctx);
        break;
      case 'disconnected':
        break;
    }
  }
}

function elect(state: TestBrokerState, ctx: Parameters<NodeBehavior['onTimer']>[2]): void {
  zkRequest(
    state.zk,
    { type: 'create', path: '/controller', data: { brokerid: state.brokerId }, ephemeral: true },
    'elect',
    ctx,
  );
}

export const testBrokerBehavior: NodeBehavior<TestBrokerState> = {
  init(spec, _disk, ctx) {
    const config = spec.config as TestBrokerConfig;
    const state: TestBrokerState = {
      brokerId: config.brokerId,
      zk: createZkClient(config.sessionTimeoutMs),
      notes: [],
      isController: false,
      sessions: 0,
    };
    zkStart(state.zk, ctx);
    return state;
  },
  onMessage(state, from, msg, ctx) {
    handle(state, zkOnMessage(state.zk, from, msg, ctx), ctx);
  },
  onTimer(state, timerId, ctx) {
    handle(state, zkOnTimer(state.zk, timerId, ctx), ctx);
  },
  onCommand(state, command, ctx) {
    const c = command as TestBrokerCommand;
    zkRequest(state.zk, c.op, c.tag, ctx);
  },
};
