// The timeline's words: journal entries as sentences a person understands ("Broker 2 killed",
// "orders-0: leader 2 -> 3, epoch 4"). Routine traffic (appends, fetches, pings) is not described.
import type { JournalEntry } from '../../sim/net/journal';
import type { TimelineItem } from './types';

type Draft = Omit<TimelineItem, 'seq' | 'time'>;
type Ev = Record<string, unknown> & { type: string };

export function nodeName(node: string): string {
  const b = /^broker-(\d+)$/.exec(node);
  if (b) return `Broker ${b[1]}`;
  if (node === 'zk') return 'ZooKeeper';
  if (node === 'admin') return 'Admin client';
  return node;
}

const list = (v: unknown): string => (Array.isArray(v) ? `[${v.join(', ')}]` : '[]');
const tp = (e: Ev) => `${String(e.topic)}-${String(e.partition)}`;

/** What the describer remembers between entries, so that it speaks of changes, not repetitions. */
export interface DescribeMemory {
  leaders: Map<string, { leader: number; epoch: number }>;
  isrs: Map<string, string>;
  /** Brokers that announced a clean stop: their exit is not a kill. */
  stopping: Set<string>;
  /** Clients whose last send failed or was retried: their next ack is a recovery. */
  troubled: Set<string>;
  lastByKey: Map<string, number>;
}

export function newMemory(): DescribeMemory {
  return {
    leaders: new Map(),
    isrs: new Map(),
    stopping: new Set(),
    troubled: new Set(),
    lastByKey: new Map(),
  };
}

/** Internal topics (__consumer_offsets) change with every broker: their lines would drown the rest. */
const internal = (e: Ev) => String(e.topic).startsWith('__');

function leaderChange(m: DescribeMemory, e: Ev, fromController: boolean): Draft | null {
  const key = tp(e);
  const leader = Number(e.leader);
  const epoch = Number(e.leaderEpoch);
  const prev = m.leaders.get(key);
  if (prev && prev.leader === leader && prev.epoch >= epoch) return null;
  if (prev && prev.epoch > epoch) return null;
  m.leaders.set(key, { leader, epoch });
  if (internal(e) || (prev && prev.leader === leader)) return null;
  const before = prev ? (prev.leader >= 0 ? String(prev.leader) : 'none') : null;
  const now = leader >= 0 ? String(leader) : 'none';
  const unclean = e.unclean === true ? ' (unclean election: data may be lost)' : '';
  const text =
    before === null
      ? `${key}: leader ${now}, epoch ${epoch}`
      : `${key}: leader ${before} -> ${now}, epoch ${epoch}${unclean}`;
  const tone = leader < 0 ? 'bad' : e.unclean === true ? 'bad' : before === null ? 'info' : 'warn';
  void fromController;
  return { text, tone, kind: 'leader', topic: String(e.topic), partition: Number(e.partition) };
}

function isrChange(m: DescribeMemory, e: Ev): Draft | null {
  const key = tp(e);
  const isr = Array.isArray(e.isr) ? (e.isr as number[]) : [];
  const s = list(isr);
  const prev = m.isrs.get(key);
  if (prev === s) return null;
  m.isrs.set(key, s);
  if (prev === undefined || internal(e)) return null;
  const prevLen = prev === '[]' ? 0 : prev.split(',').length;
  const verb = isr.length < prevLen ? 'shrank' : isr.length > prevLen ? 'expanded' : 'changed';
  return {
    text: `ISR of ${key} ${verb} to ${s}`,
    tone: verb === 'shrank' ? 'warn' : 'good',
    kind: 'isr',
    topic: String(e.topic),
    partition: Number(e.partition),
  };
}

function describeEvent(m: DescribeMemory, node: string, e: Ev): Draft | null {
  switch (e.type) {
    case 'leader.elected':
      return leaderChange(m, e, true);
    case 'replica.leader': {
      // Seeing a new leader also resets what we know of its ISR.
      const d = leaderChange(m, e, false);
      if (Array.isArray(e.isr)) m.isrs.set(tp(e), list(e.isr));
      return d;
    }
    case 'isr.changed':
    case 'isr.updated':
      return isrChange(m, e);
    case 'controller.elected':
    case 'controller.epoch': {
      const id = e.brokerId ?? e.broker ?? e.controller;
      const epoch = e.controllerEpoch ?? e.epoch;
      return {
        text: `Broker ${String(id)} is the controller${epoch !== undefined ? ` (controller epoch ${String(epoch)})` : ''}`,
        tone: 'info',
        kind: 'controller',
      };
    }
    case 'controller.resigned':
      return {
        text: `Broker ${String(e.brokerId ?? e.broker)} is no longer the controller`,
        tone: 'warn',
        kind: 'controller',
      };
    case 'broker.registered':
    case 'broker.joined':
      return {
        text: `Broker ${String(e.brokerId ?? e.broker)} joined the cluster`,
        tone: 'good',
        kind: 'broker',
      };
    case 'broker.failed':
      return {
        text: `Controller saw broker ${String(e.brokerId ?? e.broker)} fail`,
        tone: 'bad',
        kind: 'broker',
      };
    case 'broker.controlledShutdown':
      if (e.attempt === 1)
        return {
          text: `Broker ${String(e.broker)} asks the controller to move its leaders (controlled shutdown)`,
          tone: 'info',
          kind: 'broker',
        };
      return null;
    case 'broker.stopped':
      m.stopping.add(node);
      return { text: `Broker ${String(e.broker)} shut down cleanly`, tone: 'warn', kind: 'broker' };
    case 'topic.created':
      return {
        text: `Topic ${String(e.topic)} created`,
        tone: 'good',
        kind: 'topic',
        topic: String(e.topic),
      };
    case 'topic.deleted':
      return { text: `Topic ${String(e.topic)} deleted`, tone: 'info', kind: 'topic' };
    case 'admin.result': {
      const what =
        e.request === 'CreateTopics'
          ? 'Create topic'
          : e.request === 'DeleteTopics'
            ? 'Delete topic'
            : 'Preferred leader election';
      if (e.errorCode === 'NONE') {
        if (e.request === 'ElectLeaders')
          return { text: 'Preferred leaders elected', tone: 'good', kind: 'leader' };
        return { text: `${what} ${String(e.subject)}: done`, tone: 'good', kind: 'topic' };
      }
      return {
        text: `${what} ${String(e.subject)} failed: ${String(e.errorCode)}${e.errorMessage ? ` (${String(e.errorMessage)})` : ''}`,
        tone: 'bad',
        kind: 'topic',
      };
    }
    case 'producer.error':
      m.troubled.add(String(e.client));
      return {
        text: `${String(e.client)}: send to ${tp(e)} failed with ${String(e.error)}`,
        tone: 'bad',
        kind: 'producer',
        topic: String(e.topic),
        partition: Number(e.partition),
      };
    case 'producer.retry':
      m.troubled.add(String(e.client));
      return {
        text: `${String(e.client)}: retrying ${tp(e)} after ${String(e.error)}`,
        tone: 'warn',
        kind: 'producer',
        topic: String(e.topic),
        partition: Number(e.partition),
      };
    case 'producer.ack':
      if (m.troubled.delete(String(e.client)))
        return {
          text: `${String(e.client)}: writes to ${tp(e)} acknowledged again`,
          tone: 'good',
          kind: 'producer',
          topic: String(e.topic),
          partition: Number(e.partition),
        };
      return null;
    case 'log.truncate':
      return {
        text: `Broker ${String(e.broker)} truncated ${tp(e)} from offset ${String(e.fromOffset)} to ${String(e.toOffset)} (${String(e.records)} records dropped)`,
        tone: 'warn',
        kind: 'log',
        topic: String(e.topic),
        partition: Number(e.partition),
      };
    case 'log.retention':
    case 'log.deleteSegments':
      return {
        text: `Broker ${String(e.broker)}: retention removed old segments of ${tp(e)}`,
        tone: 'info',
        kind: 'log',
        topic: String(e.topic),
        partition: Number(e.partition),
      };
    case 'log.compacted':
      return {
        text: `Broker ${String(e.broker)} compacted ${tp(e)}`,
        tone: 'info',
        kind: 'log',
        topic: String(e.topic),
        partition: Number(e.partition),
      };
    case 'zk.sessionExpired':
      return {
        text: `ZooKeeper expired the session of ${nodeName(String(e.owner ?? e.sessionId))}`,
        tone: 'bad',
        kind: 'zk',
      };
    default:
      if (e.type === 'member.joined' || e.type === 'group.memberJoined')
        return {
          text: `${String(e.clientId ?? e.memberId).replace(/-[0-9a-f]{8}-[0-9a-f-]{27}$/, '')} joined group ${String(e.groupId)}`,
          tone: 'info',
          kind: 'group',
        };
      if (e.type === 'member.left' || e.type === 'group.memberLeft' || e.type === 'group.memberRemoved')
        return {
          text: `${String(e.clientId ?? e.memberId).replace(/-[0-9a-f]{8}-[0-9a-f-]{27}$/, '')} left group ${String(e.groupId)}${e.reason ? ` (${String(e.reason)})` : ''}`,
          tone: 'warn',
          kind: 'group',
        };
      return null;
  }
}

function describeNet(op: Extract<JournalEntry, { kind: 'net' }>['op']): Draft {
  switch (op.op) {
    case 'partition':
      return {
        text: `Network split: ${op.groups.map((g) => `{${g.map(nodeName).join(', ')}}`).join(' | ')}`,
        tone: 'fault',
        kind: 'network',
      };
    case 'heal':
      return { text: 'Network healed', tone: 'good', kind: 'network' };
    case 'isolate':
      return { text: `${nodeName(op.node)} isolated from the network`, tone: 'fault', kind: 'network' };
    case 'cut':
      return {
        text: `Link ${nodeName(op.from)} ${op.oneWay ? '->' : '<->'} ${nodeName(op.to)} cut`,
        tone: 'fault',
        kind: 'network',
      };
    case 'setLink':
      return {
        text: `Latency ${nodeName(op.from)} ${op.oneWay ? '->' : '<->'} ${nodeName(op.to)} set to ${String(op.params.latencyMs)} ms`,
        tone: 'info',
        kind: 'network',
      };
    case 'setRackLink':
      return {
        text: `Latency between racks ${op.from} and ${op.to} set to ${String(op.params.latencyMs)} ms`,
        tone: 'info',
        kind: 'network',
      };
  }
}

/** One journal entry as a timeline line, or null when it is routine. */
export function describe(m: DescribeMemory, e: JournalEntry): Draft | null {
  switch (e.kind) {
    case 'crash': {
      if (m.stopping.delete(e.node)) return null;
      const isBroker = e.node.startsWith('broker-');
      return {
        text: `${nodeName(e.node)} killed`,
        tone: 'fault',
        kind: isBroker ? 'broker' : e.node === 'zk' ? 'zk' : 'client',
      };
    }
    case 'start': {
      if (e.node === 'admin') return null;
      const verb = e.incarnation > 1 ? 'restarted' : 'started';
      const isBroker = e.node.startsWith('broker-');
      if (e.incarnation === 1 && e.time === 0) return null;
      return {
        text: `${nodeName(e.node)} ${verb}`,
        tone: 'good',
        kind: isBroker ? 'broker' : e.node === 'zk' ? 'zk' : 'client',
      };
    }
    case 'net':
      return describeNet(e.op);
    case 'event':
      return describeEvent(m, e.node, e.event as Ev);
    default:
      return null;
  }
}
