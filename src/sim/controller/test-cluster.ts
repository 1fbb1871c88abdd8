// A small cluster for the controller's tests: the real ZooKeeper node and N shell brokers in a World.
// Test-only: nothing outside *.test.ts imports it.
import { World } from '../net/world';
import { coordinatorBehavior } from '../coordinator/server';
import type { ZkView } from '../coordinator/view';
import type { RecordedEvent, NodeBehavior } from '../core/node';
import { brokerNode } from '../core/ids';
import {
  createZkClient,
  zkOnMessage,
  zkOnTimer,
  zkRequest,
  zkStart,
  type ZkClientState,
} from '../coordinator/client';
import type { ZkOp } from '../coordinator/protocol';
import { BROKER_CONFIGS, configDefaults, type ConfigValue } from '../../scenario/configs';
import type { ControllerRequest } from '../protocol/controller';
import { shellBehavior, type ShellCommand, type ShellState } from './test-shell';
import { controllerView, type ControllerView } from './view';

export interface TimedEvent {
  time: number;
  node: string;
  event: RecordedEvent;
}

/** A bare ZooKeeper client node that sends whatever ops it is told to (an impostor, an operator). */
export interface RawClientState {
  zk: ZkClientState;
  answers: { tag: string; err: string }[];
}
export const rawClientBehavior: NodeBehavior<RawClientState> = {
  init(_spec, _disk, ctx) {
    const s: RawClientState = { zk: createZkClient(6000), answers: [] };
    zkStart(s.zk, ctx);
    return s;
  },
  onMessage(s, from, msg, ctx) {
    for (const n of zkOnMessage(s.zk, from, msg, ctx))
      if (n.kind === 'response') s.answers.push({ tag: n.tag, err: n.err });
  },
  onTimer(s, timerId, ctx) {
    for (const n of zkOnTimer(s.zk, timerId, ctx) ?? [])
      if (n.kind === 'response') s.answers.push({ tag: n.tag, err: n.err });
  },
  onCommand(s, command, ctx) {
    const c = command as { op: ZkOp; tag: string };
    zkRequest(s.zk, c.op, c.tag, ctx);
  },
};

export interface ClusterOptions {
  brokers: number;
  racks?: (string | null)[];
  config?: Record<string, ConfigValue>;
  seed?: number;
  sessionTimeoutMs?: number;
}

export const SESSION_TIMEOUT_MS = 6000;

export class TestCluster {
  readonly world: World;
  readonly events: TimedEvent[] = [];
  readonly ids: number[];

  constructor(opts: ClusterOptions) {
    this.world = new World({
      seed: opts.seed ?? 1,
      network: { latencyMs: 2, jitterMs: 1, dropNum: 0, dropDen: 1 },
      behaviors: { zk: coordinatorBehavior, shell: shellBehavior, raw: rawClientBehavior },
    });
    this.world.onJournal((e) => {
      if (e.kind !== 'event') return;
      this.events.push({ time: e.time, node: e.node, event: e.event });
      if (e.event.type === 'controller.error') throw new Error(`controller bug: ${JSON.stringify(e.event)}`);
    });
    this.world.addNode({ id: 'zk', kind: 'zk', config: {} });
    this.world.schedule(0, { type: 'start', node: 'zk' });
    this.ids = Array.from({ length: opts.brokers }, (_, i) => i + 1);
    const config = {
      ...configDefaults(BROKER_CONFIGS),
      'zookeeper.session.timeout.ms': opts.sessionTimeoutMs ?? SESSION_TIMEOUT_MS,
      ...opts.config,
    };
    for (const id of this.ids) {
      this.world.addNode({
        id: brokerNode(id),
        kind: 'shell',
        config: { brokerId: id, rack: opts.racks?.[id - 1] ?? null, config },
      });
      this.world.schedule(10 + id, { type: 'start', node: brokerNode(id) });
    }
  }

  run(ms: number): void {
    this.world.runUntil(this.world.now + ms);
  }

  shell(id: number): ShellState {
    const slot = this.world.nodes[brokerNode(id)]!;
    if (!slot.alive) throw new Error(`broker ${id} is not running`);
    return slot.state as ShellState;
  }

  alive(id: number): boolean {
    return this.world.nodes[brokerNode(id)]!.alive;
  }

  /** Ids of the running brokers that act as controller. */
  controllers(): number[] {
    return this.ids.filter((id) => this.alive(id) && this.shell(id).zk.controller !== null);
  }

  controllerId(): number {
    const c = this.controllers();
    if (c.length !== 1) throw new Error(`expected one controller, found [${c.join(', ')}]`);
    return c[0]!;
  }

  view(): ControllerView {
    return controllerView(this.shell(this.controllerId()).zk.controller!);
  }

  partition(topic: string, partition: number) {
    const p = this.view().partitions.find((x) => x.topic === topic && x.partition === partition);
    if (p === undefined) throw new Error(`no partition ${topic}-${partition}`);
    return p;
  }

  zk(): ZkView {
    return this.world.view('zk') as ZkView;
  }

  command(id: number, command: ShellCommand, at = this.world.now): void {
    this.world.schedule(at, { type: 'command', node: brokerNode(id), command });
  }

  /** Sends a controller request from broker `from` to the active controller and runs `ms`. */
  request(from: number, msg: ControllerRequest, ms = 200): ShellState['responses'][number]['msg'] {
    const before = this.shell(from).responses.length;
    this.command(from, { type: 'send', msg });
    this.run(ms);
    const got = this.shell(from).responses.slice(before);
    const answer = got.find((r) => r.msg.type === `${msg.type}Response`);
    if (answer === undefined) throw new Error(`no ${msg.type}Response within ${ms} ms`);
    return answer.msg;
  }

  createTopic(
    name: string,
    numPartitions: number,
    replicationFactor: number,
    configs: Record<string, unknown> = {},
    from = this.ids.find((id) => this.alive(id))!,
  ) {
    const r = this.request(from, {
      type: 'CreateTopics',
      correlationId: 0,
      topics: [{ name, numPartitions, replicationFactor, configs }],
      timeoutMs: 30000,
      validateOnly: false,
    });
    this.run(200);
    return (r as unknown as { topics: { name: string; errorCode: string; errorMessage: string | null }[] })
      .topics[0]!;
  }

  crash(id: number, at = this.world.now): void {
    this.world.schedule(at, { type: 'crash', node: brokerNode(id) });
  }

  restart(id: number, at = this.world.now): void {
    this.world.schedule(at, { type: 'restart', node: brokerNode(id) });
  }

  eventsOf(type: string): TimedEvent[] {
    return this.events.filter((e) => e.event.type === type);
  }
}

/** Time for a dead broker's session to expire at ZooKeeper and the controller to react. */
export const EXPIRY_MS = SESSION_TIMEOUT_MS + 2000 + 500;
