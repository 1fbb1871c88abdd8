// The guarantee checker: it reads the journal from outside the nodes (it never changes the world) and
// reports every break of the guarantees of kafka-semantics.md section 0, with the cause in plain words.
// A loss the configuration allowed (acks=1, unclean election, no idempotence, at-most-once) is still
// reported, marked with the setting that allowed it.
//
// What it tracks, per partition: the leader's lineage (which record sits at which offset, as the current
// leader's appends say), the acknowledged records, the high watermark, and who led in which epoch.
import type { JournalEntry } from '../net/journal';
import type { Violation } from '../runner/result';

interface Rec {
  key: string | null;
  value: string | null;
}

interface Ack extends Rec {
  client: string;
  acks: number;
  broker: number;
  offset: number;
  at: number;
}

interface Election {
  at: number;
  leader: number;
  previousLeader: number;
  unclean: boolean;
  reason: string;
  leaderEpoch: number;
}

interface PartitionTrack {
  leader: number;
  epoch: number;
  logEndOffset: number;
  /** The current lineage: offset -> record, as appended by the leaders of each epoch. */
  lineage: Map<number, Rec & { client: string; idempotent: boolean }>;
  acked: Map<number, Ack>;
  /** Acks given by a broker that was no longer the leader (a zombie leader), by broker. */
  zombieAcks: Map<number, Map<number, Ack>>;
  highWatermark: number;
  leaderByEpoch: Map<number, number>;
  election: Election | null;
  /** (client, key, value) -> offset, to find a record appended twice. */
  appended: Map<string, number>;
}

const tpName = (topic: string, partition: number) => `${topic}-${partition}`;
const ackWord = (acks: number) => (acks === -1 ? 'acks=all' : `acks=${acks}`);

function ranges(offsets: number[]): string {
  const sorted = [...offsets].sort((a, b) => a - b);
  const out: string[] = [];
  let start = sorted[0]!;
  let prev = start;
  for (const o of sorted.slice(1)) {
    if (o === prev + 1) {
      prev = o;
      continue;
    }
    out.push(start === prev ? `${start}` : `${start}-${prev}`);
    start = prev = o;
  }
  if (sorted.length) out.push(start === prev ? `${start}` : `${start}-${prev}`);
  return out.join(', ');
}

export class GuaranteeChecker {
  private readonly parts = new Map<string, PartitionTrack>();
  private readonly found: Violation[] = [];
  /** (client, topic-partition) -> [send order id, offset] of each acknowledged record. */
  private readonly ackOrder = new Map<string, [number, number][]>();
  /** (group, topic-partition) -> offsets processed, with how many times. */
  private readonly processed = new Map<
    string,
    { counts: Map<number, number>; mode: string | null; client: string }
  >();
  /** (group, topic-partition) -> the highest offset committed. */
  private readonly committed = new Map<string, number>();

  /** Brokers whose process is down, to tell a dead leader from a cut-off one. */
  private readonly down = new Set<number>();

  readonly listener = (e: JournalEntry): void => {
    if (e.kind === 'event') this.onEvent(e.time, e.event as Record<string, unknown> & { type: string });
    else if (e.kind === 'crash' || e.kind === 'start') {
      const m = /^broker-(\d+)$/.exec(e.node);
      if (m) {
        if (e.kind === 'crash') this.down.add(Number(m[1]));
        else this.down.delete(Number(m[1]));
      }
    }
  };

  private track(topic: string, partition: number): PartitionTrack {
    const k = tpName(topic, partition);
    let t = this.parts.get(k);
    if (!t) {
      t = {
        leader: -1,
        epoch: -1,
        logEndOffset: 0,
        lineage: new Map(),
        acked: new Map(),
        zombieAcks: new Map(),
        highWatermark: 0,
        leaderByEpoch: new Map(),
        election: null,
        appended: new Map(),
      };
      this.parts.set(k, t);
    }
    return t;
  }

  private report(v: Violation): void {
    this.found.push(v);
  }

  private onEvent(at: number, ev: Record<string, unknown> & { type: string }): void {
    const topic = ev.topic as string;
    const partition = ev.partition as number;
    switch (ev.type) {
      case 'leader.elected': {
        const t = this.track(topic, partition);
        t.election = {
          at,
          leader: ev.leader as number,
          previousLeader: ev.previousLeader as number,
          unclean: ev.unclean === true,
          reason: String(ev.reason),
          leaderEpoch: ev.leaderEpoch as number,
        };
        return;
      }
      case 'replica.leader':
        return this.onNewLeader(
          at,
          this.track(topic, partition),
          topic,
          partition,
          ev.broker as number,
          ev.leaderEpoch as number,
          ev.logEndOffset as number,
        );
      case 'log.append':
        return this.onAppend(at, this.track(topic, partition), topic, partition, ev);
      case 'log.truncate':
        return this.onTruncate(
          at,
          this.track(topic, partition),
          topic,
          partition,
          ev.broker as number,
          ev.toOffset as number,
        );
      case 'hw': {
        const t = this.track(topic, partition);
        if (ev.broker === t.leader) t.highWatermark = Math.max(t.highWatermark, ev.highWatermark as number);
        return;
      }
      case 'producer.ack':
        return this.onAck(at, this.track(topic, partition), topic, partition, ev);
      case 'consumer.processed':
        return this.onProcessed(at, this.track(topic, partition), topic, partition, ev);
      case 'group.offsetsCommitted':
        for (const o of ev.offsets as { topic: string; partition: number; committedOffset: number }[]) {
          const k = `${ev.groupId as string}\u0000${tpName(o.topic, o.partition)}`;
          this.committed.set(k, Math.max(this.committed.get(k) ?? 0, o.committedOffset));
        }
        return;
    }
  }

  private lose(
    at: number,
    t: PartitionTrack,
    topic: string,
    partition: number,
    lost: Ack[],
    cause: (offsets: string) => string,
    allowedBy: string | null,
  ): void {
    if (lost.length === 0) return;
    const text = cause(ranges(lost.map((a) => a.offset)));
    for (const a of lost.sort((x, y) => x.offset - y.offset)) {
      this.report({
        kind: 'lost-write',
        topic,
        partition,
        offset: a.offset,
        at,
        cause: text,
        ...(allowedBy ? { allowedBy } : {}),
      });
      t.acked.delete(a.offset);
    }
  }

  private onNewLeader(
    at: number,
    t: PartitionTrack,
    topic: string,
    partition: number,
    broker: number,
    epoch: number,
    leo: number,
  ): void {
    const seen = t.leaderByEpoch.get(epoch);
    if (seen !== undefined && seen !== broker) {
      this.report({
        kind: 'two-leaders',
        topic,
        partition,
        at,
        cause: `brokers ${seen} and ${broker} both became leader of ${tpName(topic, partition)} in leader epoch ${epoch}`,
      });
    }
    t.leaderByEpoch.set(epoch, broker);
    if (epoch < t.epoch) return;
    const previous = t.leader;
    t.leader = broker;
    t.epoch = epoch;
    // The new leader's log ends at `leo`: anything the lineage had beyond it is gone from the partition.
    const lost: Ack[] = [];
    for (const off of [...t.lineage.keys()]) {
      if (off < leo) continue;
      t.lineage.delete(off);
      const a = t.acked.get(off);
      if (a) lost.push(a);
    }
    t.logEndOffset = leo;
    const e = t.election && t.election.leaderEpoch === epoch ? t.election : null;
    const byAcks = lost.length > 0 && lost.every((a) => a.acks !== -1) ? lost[0]!.acks : null;
    this.lose(
      at,
      t,
      topic,
      partition,
      lost,
      (offsets) =>
        e?.unclean
          ? `unclean leader election made broker ${broker} leader (epoch ${epoch}) while it missed offsets ${offsets}, acknowledged to ${lost[0]!.client} with ${ackWord(lost[0]!.acks)}`
          : `broker ${broker} became leader (epoch ${epoch}${e ? `, ${e.reason}` : ''}) without offsets ${offsets}, which leader ${previous}${this.down.has(previous) ? '' : ' (alive, but cut off)'} had acknowledged to ${lost[0]!.client} with ${ackWord(lost[0]!.acks)} before any follower had them`,
      e?.unclean ? 'unclean.leader.election.enable=true' : byAcks !== null ? ackWord(byAcks) : null,
    );
  }

  private onAppend(
    at: number,
    t: PartitionTrack,
    topic: string,
    partition: number,
    ev: Record<string, unknown>,
  ): void {
    const broker = ev.broker as number;
    if (broker !== t.leader) return; // a zombie leader's append: judged when its acks and truncation come
    const client = String(ev.clientId ?? '');
    const idempotent = (ev.producerId as number) >= 0;
    for (const r of ev.records as { offset: number; key: string | null; value: string | null }[]) {
      const old = t.lineage.get(r.offset);
      const acked = t.acked.get(r.offset);
      if (old && acked && (old.value !== r.value || old.key !== r.key)) {
        this.lose(
          at,
          t,
          topic,
          partition,
          [acked],
          (o) =>
            `offset ${o} was written again by leader ${broker} (epoch ${t.epoch}) after it had been acknowledged to ${acked.client}`,
          null,
        );
      }
      const identity = `${client}\u0000${r.key}\u0000${r.value}`;
      const first = t.appended.get(identity);
      if (first !== undefined && first !== r.offset && t.lineage.get(first)?.value === r.value) {
        this.report({
          kind: 'duplicate',
          topic,
          partition,
          offset: r.offset,
          at,
          cause: `${client} sent key ${JSON.stringify(r.key)} value ${JSON.stringify(r.value)} again (a retry) and leader ${broker} appended it at offset ${r.offset}, though offset ${first} already holds it${idempotent ? '' : ': without enable.idempotence the broker cannot recognise a retry'}`,
          ...(idempotent ? {} : { allowedBy: 'enable.idempotence=false' }),
        });
      } else t.appended.set(identity, r.offset);
      t.lineage.set(r.offset, { key: r.key, value: r.value, client, idempotent });
    }
    t.logEndOffset = Math.max(t.logEndOffset, (ev.lastOffset as number) + 1);
  }

  private onTruncate(
    at: number,
    t: PartitionTrack,
    topic: string,
    partition: number,
    broker: number,
    toOffset: number,
  ): void {
    const zombie = t.zombieAcks.get(broker);
    if (!zombie) return;
    const lost = [...zombie.values()].filter((a) => a.offset >= toOffset);
    for (const a of lost) zombie.delete(a.offset);
    if (lost.length === 0) return;
    const first = lost[0]!;
    const text = `broker ${broker}, no longer the leader (broker ${t.leader} had become leader in epoch ${t.epoch}), acknowledged offsets ${ranges(lost.map((a) => a.offset))} to ${first.client} with ${ackWord(first.acks)}; it truncated them when it rejoined as a follower`;
    for (const a of lost) {
      this.report({
        kind: 'lost-write',
        topic,
        partition,
        offset: a.offset,
        at,
        cause: text,
        ...(a.acks !== -1 ? { allowedBy: ackWord(a.acks) } : {}),
      });
    }
  }

  private onAck(
    at: number,
    t: PartitionTrack,
    topic: string,
    partition: number,
    ev: Record<string, unknown>,
  ): void {
    const client = ev.client as string;
    const broker = ev.broker as number;
    const acks = ev.acks as number;
    const records = ev.records as { id: number; key: string | null; value: string | null; offset: number }[];
    const order = this.ackOrder.get(`${client}\u0000${tpName(topic, partition)}`) ?? [];
    this.ackOrder.set(`${client}\u0000${tpName(topic, partition)}`, order);
    for (const r of records) {
      if (r.offset < 0) continue; // acks=0: no offset to check
      order.push([r.id, r.offset]);
      const a: Ack = { client, acks, broker, offset: r.offset, key: r.key, value: r.value, at };
      if (broker !== t.leader && broker >= 0) {
        let z = t.zombieAcks.get(broker);
        if (!z) t.zombieAcks.set(broker, (z = new Map()));
        z.set(r.offset, a);
        continue;
      }
      const inLog = t.lineage.get(r.offset);
      if (inLog && inLog.value === r.value && inLog.key === r.key) t.acked.set(r.offset, a);
      else if (r.offset >= t.logEndOffset || !inLog) {
        this.lose(
          at,
          t,
          topic,
          partition,
          [a],
          (o) =>
            `offset ${o} was acknowledged to ${client} but the partition's leader (broker ${t.leader}, epoch ${t.epoch}) no longer has it`,
          acks !== -1 ? ackWord(acks) : null,
        );
      }
    }
  }

  private onProcessed(
    at: number,
    t: PartitionTrack,
    topic: string,
    partition: number,
    ev: Record<string, unknown>,
  ): void {
    const group = ev.groupId as string;
    const key = `${group}\u0000${tpName(topic, partition)}`;
    let p = this.processed.get(key);
    if (!p)
      this.processed.set(
        key,
        (p = { counts: new Map(), mode: (ev.mode as string | null) ?? null, client: ev.client as string }),
      );
    for (const r of ev.records as { offset: number }[]) {
      if (r.offset >= t.highWatermark && t.highWatermark >= 0 && t.leader >= 0) {
        this.report({
          kind: 'read-uncommitted',
          topic,
          partition,
          offset: r.offset,
          at,
          cause: `${ev.client} (group ${group}) processed offset ${r.offset}, at or above the high watermark ${t.highWatermark}`,
        });
      }
      const n = (p.counts.get(r.offset) ?? 0) + 1;
      p.counts.set(r.offset, n);
      if (n === 2) {
        this.report({
          kind: 'duplicate-delivery',
          topic,
          partition,
          offset: r.offset,
          at,
          cause: `group ${group} processed offset ${r.offset} twice: ${ev.client} started again from a committed offset below it${p.mode === 'at-least-once' ? ' (at-least-once: process, then commit)' : ''}`,
          ...(p.mode === 'at-least-once' || p.mode === null
            ? { allowedBy: p.mode ?? 'enable.auto.commit' }
            : {}),
        });
      }
    }
  }

  /** Checks that need the whole history: producer order, and records a group skipped. */
  private closing(now: number): Violation[] {
    const out: Violation[] = [];
    for (const [k, order] of this.ackOrder) {
      const [client, tp] = k.split('\u0000') as [string, string];
      const i = tp.lastIndexOf('-');
      const sorted = [...order].sort((a, b) => a[0] - b[0]);
      for (let j = 1; j < sorted.length; j++) {
        if (sorted[j]![1] < sorted[j - 1]![1]) {
          out.push({
            kind: 'reorder',
            topic: tp.slice(0, i),
            partition: Number(tp.slice(i + 1)),
            offset: sorted[j]![1],
            at: now,
            cause: `${client} sent a record before another but it landed at offset ${sorted[j]![1]}, after offset ${sorted[j - 1]![1]}: a retried batch overtook a later one (max.in.flight.requests.per.connection > 1 without idempotence)`,
            allowedBy: 'enable.idempotence=false',
          });
        }
      }
    }
    for (const [k, p] of this.processed) {
      const [group, tp] = k.split('\u0000') as [string, string];
      const i = tp.lastIndexOf('-');
      const topic = tp.slice(0, i);
      const partition = Number(tp.slice(i + 1));
      const t = this.parts.get(tp);
      if (!t || p.counts.size === 0) continue;
      // Records below what the group committed (or processed past) that it never processed.
      let start = Infinity;
      let last = -1;
      for (const off of p.counts.keys()) {
        if (off < start) start = off;
        if (off > last) last = off;
      }
      const end = Math.max(this.committed.get(k) ?? 0, last + 1);
      for (const off of [...t.lineage.keys()].sort((a, b) => a - b)) {
        if (off >= end) break;
        if (off < start || p.counts.has(off)) continue;
        out.push({
          kind: 'skipped',
          topic,
          partition,
          offset: off,
          at: now,
          cause: `group ${group} never processed offset ${off} though it processed later ones: its offset was committed before the record was processed, and the consumer crashed in between${p.mode === 'at-most-once' ? ' (at-most-once: commit, then process)' : ''}`,
          ...(p.mode === 'at-most-once' ? { allowedBy: 'at-most-once' } : {}),
        });
      }
    }
    return out;
  }

  /** Every violation found so far, in the order found, then the whole-history checks as of `now`. */
  violations(now: number): Violation[] {
    return [...this.found, ...this.closing(now)];
  }
}
