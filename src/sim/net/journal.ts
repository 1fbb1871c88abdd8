// The journal: every send, delivery, drop, timer, crash, restart and recorded event, in the order the
// world applied them. Its hash is the trace hash; the UI, the checker and the result read it.
import type { NodeId, RecordedEvent } from '../core/node';
import type { NetOp } from './network';

export type DropReason = 'partition' | 'loss' | 'dead' | 'stale';

export type JournalEntry =
  | { kind: 'send'; time: number; id: number; from: NodeId; to: NodeId; msg: unknown; deliverAt: number }
  | { kind: 'deliver'; time: number; id: number; from: NodeId; to: NodeId; sentAt: number; msg: unknown }
  | { kind: 'drop'; time: number; id: number; from: NodeId; to: NodeId; reason: DropReason; msg: unknown }
  | { kind: 'timer'; time: number; node: NodeId; timerId: string }
  | { kind: 'command'; time: number; node: NodeId; command: unknown }
  | { kind: 'event'; time: number; node: NodeId; event: RecordedEvent }
  | { kind: 'crash'; time: number; node: NodeId }
  | { kind: 'start'; time: number; node: NodeId; incarnation: number }
  | { kind: 'net'; time: number; op: NetOp };

export type JournalListener = (entry: JournalEntry) => void;

// Codes mixed into the trace hash for each entry kind.
export const KIND_CODE = {
  send: 1,
  deliver: 2,
  drop: 3,
  timer: 4,
  command: 5,
  event: 6,
  crash: 7,
  start: 8,
  net: 9,
  add: 10,
} as const;

export const DROP_CODE: Record<DropReason, number> = { partition: 1, loss: 2, dead: 3, stale: 4 };
