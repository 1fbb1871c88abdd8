// Reads the journal as it is written: messages in flight for the canvas, the timeline in plain words,
// throughput per topic, the records a user produced from the form; and, from the snapshot at each frame,
// ISR sizes, consumer lag and group generations. History is kept by journal index, so that a replay
// after scrubbing back adds nothing twice, and an action taken in the past cuts off the old future.
import type { JournalEntry } from '../../sim/net/journal';
import { categorize } from './message-kinds';
import { describe, newMemory, type DescribeMemory } from './describe';
import type { Flight, SendReport, Snapshot, TimelineItem } from './types';

export interface AppendSample {
  seq: number;
  time: number;
  topic: string;
  records: number;
}

export interface SizeSample {
  seq: number;
  time: number;
  /** "topic-partition" for ISR sizes, the group id for lag. */
  key: string;
  value: number;
}

export interface DigestCheckpoint {
  seq: number;
  memory: DescribeMemory;
  isrSeen: Map<string, number>;
  generations: Map<string, number>;
}

/** A member id as people say it: its client id (Kafka appends a UUID to the client id). */
export const memberName = (id: string) =>
  id.replace(/-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, '');

const MAX_FLIGHTS = 8000;
const MAX_SAMPLES = 200_000;
const MAX_SENDS = 200;
/** A repeated line (a producer retrying) is written at most this often, in virtual ms. */
const REPEAT_MS = 1000;

function cloneMemory(m: DescribeMemory): DescribeMemory {
  return {
    leaders: new Map([...m.leaders].map(([k, v]) => [k, { ...v }])),
    isrs: new Map(m.isrs),
    stopping: new Set(m.stopping),
    troubled: new Set(m.troubled),
    lastByKey: new Map(m.lastByKey),
  };
}

export class JournalDigest {
  /** Index of the next journal entry. */
  seq = 0;
  /** History is already recorded for entries below this index (a replay after a seek). */
  recordedUpTo = 0;
  timeline: TimelineItem[] = [];
  appends: AppendSample[] = [];
  isrSamples: SizeSample[] = [];
  lagSamples: SizeSample[] = [];
  sends: SendReport[] = [];
  /** Bumped whenever history changes, so views can memoise. */
  version = 0;
  flights: Flight[] = [];
  private flightById = new Map<number, Flight>();
  private memory = newMemory();
  private isrSeen = new Map<string, number>();
  private generations = new Map<string, number>();
  private lastLagSampleAt = -Infinity;

  readonly listener = (e: JournalEntry): void => {
    const seq = this.seq++;
    this.flight(e);
    const fresh = seq >= this.recordedUpTo;
    if (e.kind === 'event')
      this.observe(seq, e.time, e.event as Record<string, unknown> & { type: string }, fresh);
    const d = describe(this.memory, e);
    if (!d || !fresh) return;
    const last = this.memory.lastByKey.get(d.text);
    if (last !== undefined && e.time - last < REPEAT_MS) return;
    this.memory.lastByKey.set(d.text, e.time);
    this.timeline.push({ ...d, seq, time: e.time });
    this.version++;
  };

  private flight(e: JournalEntry): void {
    if (e.kind === 'send') {
      const f = flightOf(e, e.deliverAt, null);
      this.flights.push(f);
      this.flightById.set(e.id, f);
      if (this.flights.length > MAX_FLIGHTS) {
        const gone = this.flights.splice(0, this.flights.length - MAX_FLIGHTS * 0.75);
        for (const g of gone) this.flightById.delete(g.id);
      }
    } else if (e.kind === 'deliver') {
      this.flightById.delete(e.id);
    } else if (e.kind === 'drop') {
      const f = this.flightById.get(e.id);
      if (f) {
        f.droppedAt = e.time;
        this.flightById.delete(e.id);
      } else {
        // Dropped at the sender (a cut link): shown as a short failed attempt.
        this.flights.push(flightOf(e, e.time + 2, e.time));
      }
    }
  }

  private observe(
    seq: number,
    time: number,
    ev: Record<string, unknown> & { type: string },
    fresh: boolean,
  ): void {
    if (!fresh) return;
    if (ev.type === 'log.append') {
      const n = Array.isArray(ev.records)
        ? ev.records.length
        : Number(ev.lastOffset) - Number(ev.baseOffset) + 1;
      this.appends.push({ seq, time, topic: String(ev.topic), records: n });
      if (this.appends.length > MAX_SAMPLES) this.appends.splice(0, MAX_SAMPLES / 4);
      this.version++;
    } else if (ev.type === 'producer.send') {
      this.sends.push({
        seq,
        time,
        client: String(ev.client),
        id: Number(ev.id),
        topic: String(ev.topic),
        key: (ev.key as string | null) ?? null,
        value: (ev.value as string | null) ?? null,
        status: 'pending',
        partition: typeof ev.partition === 'number' ? ev.partition : null,
        offset: null,
        error: null,
      });
      if (this.sends.length > MAX_SENDS) this.sends.splice(0, this.sends.length - MAX_SENDS);
      this.version++;
    } else if (ev.type === 'producer.ack' || ev.type === 'producer.error') {
      const recs = Array.isArray(ev.records) ? (ev.records as { id: number; offset?: number }[]) : [];
      for (const r of recs) {
        const s = this.findSend(String(ev.client), r.id);
        if (!s) continue;
        s.partition = typeof ev.partition === 'number' && ev.partition >= 0 ? ev.partition : s.partition;
        if (ev.type === 'producer.ack') {
          s.status = 'acked';
          s.offset = typeof r.offset === 'number' && r.offset >= 0 ? r.offset : null;
        } else {
          s.status = 'failed';
          s.error = String(ev.error);
        }
        this.version++;
      }
    }
  }

  private findSend(client: string, id: number): SendReport | undefined {
    for (let i = this.sends.length - 1; i >= 0; i--) {
      const s = this.sends[i]!;
      if (s.client === client && s.id === id) return s;
    }
    return undefined;
  }

  /** At the end of each frame: what only the snapshot knows (ISR sizes, groups, lag). */
  sample(snap: Snapshot): void {
    // Replaying what history already holds (up to and including where it ends): follow the changes,
    // record nothing, so that they are not recorded twice.
    const fresh = this.seq > this.recordedUpTo || this.recordedUpTo === 0;
    const seq = this.seq;
    for (const p of snap.partitions) {
      const key = `${p.topic}-${p.partition}`;
      if (this.isrSeen.get(key) !== p.isr.length) {
        this.isrSeen.set(key, p.isr.length);
        if (!fresh) continue;
        this.isrSamples.push({ seq, time: snap.time, key, value: p.isr.length });
        this.version++;
      }
    }
    for (const g of snap.groups) {
      const prev = this.generations.get(g.groupId);
      if (prev !== g.generation) {
        this.generations.set(g.groupId, g.generation);
        if (fresh && g.generation > 0) {
          const h = g.history.find((x) => x.generation === g.generation);
          const moved = [
            h && h.joined.length ? `joined: ${h.joined.map(memberName).join(', ')}` : '',
            h && h.left.length ? `left: ${h.left.map(memberName).join(', ')}` : '',
          ]
            .filter(Boolean)
            .join('; ');
          this.timeline.push({
            seq,
            time: h?.at ?? snap.time,
            text: `group ${g.groupId} rebalanced, generation ${g.generation}${moved ? ` (${moved})` : ''}`,
            tone: 'info',
            kind: 'group',
          });
          this.version++;
        }
      }
    }
    if (fresh && snap.groups.length && snap.time - this.lastLagSampleAt >= 200) {
      this.lastLagSampleAt = snap.time;
      const hw = new Map(snap.partitions.map((p) => [`${p.topic}-${p.partition}`, p.highWatermark]));
      for (const g of snap.groups) {
        let lag = 0;
        const tps = new Set([
          ...Object.keys(g.committed),
          ...g.members.flatMap((m) => m.assignment.map((a) => `${a.topic}-${a.partition}`)),
        ]);
        for (const k of tps) lag += Math.max(0, (hw.get(k) ?? 0) - (g.committed[k] ?? 0));
        this.lagSamples.push({ seq, time: snap.time, key: g.groupId, value: lag });
      }
      if (this.lagSamples.length > MAX_SAMPLES) this.lagSamples.splice(0, MAX_SAMPLES / 4);
      this.version++;
    }
  }

  checkpoint(): DigestCheckpoint {
    return {
      seq: this.seq,
      memory: cloneMemory(this.memory),
      isrSeen: new Map(this.isrSeen),
      generations: new Map(this.generations),
    };
  }

  /** Back to a checkpoint for a replay: history stays, and is not recorded again up to where it ends. */
  restore(cp: DigestCheckpoint): void {
    this.recordedUpTo = Math.max(this.recordedUpTo, this.seq);
    this.seq = cp.seq;
    this.memory = cloneMemory(cp.memory);
    this.isrSeen = new Map(cp.isrSeen);
    this.generations = new Map(cp.generations);
    this.flights = [];
    this.flightById.clear();
    this.lastLagSampleAt = -Infinity;
  }

  /** An action taken in the past: the history after this point is no longer the future. */
  cutFuture(): void {
    const seq = this.seq;
    const keep = <T extends { seq: number }>(xs: T[]) => xs.filter((x) => x.seq < seq);
    this.timeline = keep(this.timeline);
    this.appends = keep(this.appends);
    this.isrSamples = keep(this.isrSamples);
    this.lagSamples = keep(this.lagSamples);
    this.sends = keep(this.sends);
    this.recordedUpTo = seq;
    this.version++;
  }
}

/** A message on its way, as the canvas draws it. */
function flightOf(
  e: Extract<JournalEntry, { kind: 'send' | 'drop' }>,
  deliverAt: number,
  droppedAt: number | null,
): Flight {
  const type = String((e.msg as { type?: unknown })?.type ?? 'message');
  const { category, response } = categorize(type, e.from, e.to);
  return { id: e.id, from: e.from, to: e.to, type, category, response, sentAt: e.time, deliverAt, droppedAt };
}
