// The guarantee checker: it reads the journal from outside the nodes (it never changes the world) and
// reports every break of the guarantees of kafka-semantics.md section 0, with the cause in plain words.
// A loss the configuration allowed (acks=1, unclean election, no idempotence, at-most-once) is still
// reported, marked with the setting that allowed it.
//
// What it tracks, per partition: the leader's lineage (which record sits at which offset, as the current
// leader's appends say), the acknowledged records, the high watermark, and who led in which epoch.
import { parseTopicPartitionName } from '../protocol/topic-partition';
import type { JournalEntry } from '../net/journal';
import type { Violation } from '../runner/result';
import {
  offsetTable,
  tableDelete,
  tableGet,
  tableHas,
  tableKeys,
  tableKeysAscending,
  tableSet,
  tableSize,
  type OffsetTable,
} from './offset-table';

/** What one acknowledgement says of all its records (they differ only in their offsets). */
interface AckInfo {
  client: string;
  acks: number;
  broker: number;
  at: number;
}

interface Ack extends AckInfo {
  offset: number;
}

const ackAt = (info: AckInfo, offset: number): Ack => ({ ...info, offset });

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
  /**
   * The current lineage: offset -> the record's value (as the leader's log.append reported it), by the
   * leaders of each epoch; its key in `lineageKeys`, which holds exactly the same offsets. Strings the
   * log keeps anyway, rather than the event's record objects, which would otherwise die young.
   */
  lineage: OffsetTable<string | null>;
  lineageKeys: OffsetTable<string | null>;
  acked: OffsetTable<AckInfo>;
  /** Acks given by a broker that was no longer the leader (a zombie leader), by broker. */
  zombieAcks: Map<number, Map<number, Ack>>;
  highWatermark: number;
  leaderByEpoch: Map<number, number>;
  election: Election | null;
  /** (client, key, value) -> offset, to find a record appended twice. */
  appended: AppendedIndex;
}

/**
 * (client, key, value) -> the offset where a leader appended that record, as if keyed by the string
 * `client\0key\0value` (null written "null"), without building that string for every record: by
 * client, then by key in an open-addressing table of packed arrays (a Map of entry objects costs
 * several times as much per record), then by value: the first value of a key in `values`, others in
 * `more`. Identities whose parts hold U+0000 themselves (where that string could be split another way)
 * keep the string as their key, so both ways find exactly the same identities. Plain data (checkpoints
 * copy the checker): arrays, one typed array and Maps only.
 */
interface AppendedIndex {
  byClient: Map<string, KeyTable>;
  joined: Map<string, number>;
}

interface KeyTable {
  /**
   * Open addressing, linear probing, a power of two of slots: each slot is two numbers, the key's hash
   * and its entry index + 1 (0: an empty slot), side by side so that a probe reads one place. An
   * Int32Array: a plain array holding hashes beyond the small-integer range changes representation as
   * it fills, and costs twice as much to rebuild.
   */
  slots: Int32Array;
  /** Per entry, in the order first appended: */
  keys: string[];
  values: string[];
  offsets: number[];
  /** Other values of the entry's key -> offset; null while it has one value. */
  more: (Map<string, number> | null)[];
}

const keyTable = (): KeyTable => ({
  slots: new Int32Array(32),
  keys: [],
  values: [],
  offsets: [],
  more: [],
});

/**
 * Java's String.hashCode, its high half folded in as HashMap does. Not a strong hash, on purpose: keys
 * that differ in their last characters ("k1041", "k1042") land in nearby slots, so a partition's stream
 * of new keys walks the table rather than jumping all over it (a cache miss per record otherwise).
 */
function keyHash(k: string): number {
  let h = 0;
  for (let i = 0; i < k.length; i++) h = (Math.imul(h, 31) + k.charCodeAt(i)) | 0;
  return h ^ (h >>> 16);
}

/** The entry of key `k`, or -1 - (the empty slot where it would go). */
function findKey(t: KeyTable, k: string, h: number): number {
  const slots = t.slots;
  const mask = (slots.length >> 1) - 1;
  for (let i = h & mask; ; i = (i + 1) & mask) {
    const s = slots[2 * i + 1]!;
    if (s === 0) return -1 - i;
    if (slots[2 * i] === h && t.keys[s - 1] === k) return s - 1;
  }
}

function addKey(t: KeyTable, k: string, h: number, v: string, offset: number, freeSlot: number): void {
  const e = t.keys.length;
  t.keys.push(k);
  t.values.push(v);
  t.offsets.push(offset);
  t.more.push(null);
  t.slots[2 * freeSlot] = h;
  t.slots[2 * freeSlot + 1] = e + 1;
  const old = t.slots;
  if (4 * (e + 1) > old.length) {
    // At most half the slots used: rebuild with four times as many (fewer rebuilds as a table grows).
    const slots = new Int32Array(4 * old.length);
    const mask = (slots.length >> 1) - 1;
    for (let j = 1; j < old.length; j += 2) {
      if (old[j] === 0) continue;
      let i = old[j - 1]! & mask;
      while (slots[2 * i + 1] !== 0) i = (i + 1) & mask;
      slots[2 * i] = old[j - 1]!;
      slots[2 * i + 1] = old[j]!;
    }
    t.slots = slots;
  }
}

const hasNul = (s: string): boolean => s.includes('\0');

// Many records carry the same value string (a scenario's repeated value): the last one checked for
// U+0000 is remembered rather than scanned again.
let lastScanned = '';
let lastScannedHasNul = false;

function valueHasNul(v: string): boolean {
  if (v !== lastScanned) {
    lastScanned = v;
    lastScannedHasNul = hasNul(v);
  }
  return lastScannedHasNul;
}

// What the last `appendedAt` looked up, for the `setAppended` that may follow it at once (scalars: no
// object per record).
let lastIndex: AppendedIndex | null = null;
let lastJoined: string | null = null;
let lastTable: KeyTable | null = null;
/** As findKey answered. */
let lastEntry = -1;
let lastKey = '';
let lastValue = '';
let lastHash = 0;

/** The client's key table (found once per append event rather than once per record). */
function clientTable(index: AppendedIndex, client: string): KeyTable {
  let t = index.byClient.get(client);
  if (t === undefined) index.byClient.set(client, (t = keyTable()));
  return t;
}

/** Where a leader first appended (client, key, value), or undefined. `t` is the client's key table. */
function appendedAt(
  index: AppendedIndex,
  t: KeyTable,
  client: string,
  clientHasNul: boolean,
  key: string | null,
  value: string | null,
): number | undefined {
  const k = String(key);
  const v = String(value);
  lastIndex = index;
  if (clientHasNul || hasNul(k) || valueHasNul(v)) {
    lastJoined = `${client}\0${k}\0${v}`;
    return index.joined.get(lastJoined);
  }
  lastJoined = null;
  const h = keyHash(k);
  const e = findKey(t, k, h);
  lastTable = t;
  lastEntry = e;
  lastKey = k;
  lastValue = v;
  lastHash = h;
  if (e < 0) return undefined;
  return t.values[e] === v ? t.offsets[e] : t.more[e]?.get(v);
}

/** Records at `offset` the identity `appendedAt` just looked up. */
function setAppended(offset: number): void {
  if (lastJoined !== null) {
    lastIndex!.joined.set(lastJoined, offset);
    return;
  }
  const t = lastTable!;
  const e = lastEntry;
  if (e < 0) addKey(t, lastKey, lastHash, lastValue, offset, -1 - e);
  else if (t.values[e] === lastValue) t.offsets[e] = offset;
  else (t.more[e] ??= new Map()).set(lastValue, offset);
}

/** What a group processed of one partition. */
interface ProcessedTrack {
  /** Offset -> how many times it was processed. */
  counts: OffsetTable<number>;
  mode: string | null;
  client: string;
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

/**
 * Offsets in send order: by send order id, stably. Acknowledgements mostly come in send order, so
 * they are sorted only when some came out of it.
 */
function offsetsInSendOrder(order: { ids: number[]; offsets: number[] }): number[] {
  const { ids, offsets } = order;
  let inOrder = true;
  for (let j = 1; j < ids.length && inOrder; j++) inOrder = ids[j - 1]! <= ids[j]!;
  if (inOrder) return offsets;
  return ids
    .map((_, j) => j)
    .sort((x, y) => ids[x]! - ids[y]! || x - y)
    .map((j) => offsets[j]!);
}

export class GuaranteeChecker {
  private readonly parts = new Map<string, PartitionTrack>();
  private readonly found: Violation[] = [];
  /** (client, topic-partition) -> send order id and offset of each acknowledged record. */
  private readonly ackOrder = new Map<string, { ids: number[]; offsets: number[] }>();
  /** (group, topic-partition) -> offsets processed, with how many times. */
  private readonly processed = new Map<string, ProcessedTrack>();
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

  /** topic -> partition -> its track in `parts`: finds it without building its name for every event. */
  private readonly partsIndex = new Map<string, Map<number, PartitionTrack>>();
  /** group -> topic -> partition -> its entry in `processed`, likewise. */
  private readonly processedIndex = new Map<string, Map<string, Map<number, ProcessedTrack>>>();

  private track(topic: string, partition: number): PartitionTrack {
    let byPartition = this.partsIndex.get(topic);
    if (byPartition === undefined) this.partsIndex.set(topic, (byPartition = new Map()));
    let t = byPartition.get(partition);
    if (t === undefined) byPartition.set(partition, (t = this.namedTrack(topic, partition)));
    return t;
  }

  private namedTrack(topic: string, partition: number): PartitionTrack {
    const k = tpName(topic, partition);
    let t = this.parts.get(k);
    if (!t) {
      t = {
        leader: -1,
        epoch: -1,
        logEndOffset: 0,
        lineage: offsetTable(),
        lineageKeys: offsetTable(),
        acked: offsetTable(),
        zombieAcks: new Map(),
        highWatermark: 0,
        leaderByEpoch: new Map(),
        election: null,
        appended: { byClient: new Map(), joined: new Map() },
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
    lost.sort((x, y) => x.offset - y.offset);
    this.reportLost(at, topic, partition, lost, cause(ranges(lost.map((a) => a.offset))), () => allowedBy);
    for (const a of lost) tableDelete(t.acked, a.offset);
  }

  /** One lost-write per acknowledged record, all with the same cause; allowed by the setting given. */
  private reportLost(
    at: number,
    topic: string,
    partition: number,
    lost: readonly Ack[],
    cause: string,
    allowedBy: (a: Ack) => string | null,
  ): void {
    for (const a of lost) {
      const allowed = allowedBy(a);
      this.report({
        kind: 'lost-write',
        topic,
        partition,
        offset: a.offset,
        at,
        cause,
        ...(allowed ? { allowedBy: allowed } : {}),
      });
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
    for (const off of tableKeys(t.lineage)) {
      if (off < leo) continue;
      tableDelete(t.lineage, off);
      tableDelete(t.lineageKeys, off);
      const a = tableGet(t.acked, off);
      if (a) lost.push(ackAt(a, off));
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
    const clientHasNul = hasNul(client);
    const keys = clientTable(t.appended, client);
    const idempotent = (ev.producerId as number) >= 0;
    for (const r of ev.records as { offset: number; key: string | null; value: string | null }[]) {
      const oldValue = tableGet(t.lineage, r.offset);
      const acked = tableGet(t.acked, r.offset);
      if (
        oldValue !== undefined &&
        acked &&
        (oldValue !== r.value || tableGet(t.lineageKeys, r.offset) !== r.key)
      ) {
        this.lose(
          at,
          t,
          topic,
          partition,
          [ackAt(acked, r.offset)],
          (o) =>
            `offset ${o} was written again by leader ${broker} (epoch ${t.epoch}) after it had been acknowledged to ${acked.client}`,
          null,
        );
      }
      const first = appendedAt(t.appended, keys, client, clientHasNul, r.key, r.value);
      if (first !== undefined && first !== r.offset && tableGet(t.lineage, first) === r.value) {
        this.report({
          kind: 'duplicate',
          topic,
          partition,
          offset: r.offset,
          at,
          cause: `${client} sent key ${JSON.stringify(r.key)} value ${JSON.stringify(r.value)} again (a retry) and leader ${broker} appended it at offset ${r.offset}, though offset ${first} already holds it${idempotent ? '' : ': without enable.idempotence the broker cannot recognise a retry'}`,
          ...(idempotent ? {} : { allowedBy: 'enable.idempotence=false' }),
        });
      } else setAppended(r.offset);
      tableSet(t.lineage, r.offset, r.value);
      tableSet(t.lineageKeys, r.offset, r.key);
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
    this.reportLost(at, topic, partition, lost, text, (a) => (a.acks !== -1 ? ackWord(a.acks) : null));
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
    const orderKey = `${client}\u0000${tpName(topic, partition)}`;
    let order = this.ackOrder.get(orderKey);
    if (order === undefined) this.ackOrder.set(orderKey, (order = { ids: [], offsets: [] }));
    const info: AckInfo = { client, acks, broker, at };
    for (const r of records) {
      if (r.offset < 0) continue; // acks=0: no offset to check
      order.ids.push(r.id);
      order.offsets.push(r.offset);
      if (broker !== t.leader && broker >= 0) {
        let z = t.zombieAcks.get(broker);
        if (!z) t.zombieAcks.set(broker, (z = new Map()));
        z.set(r.offset, ackAt(info, r.offset));
        continue;
      }
      const inLog = tableGet(t.lineage, r.offset);
      if (inLog !== undefined && inLog === r.value && tableGet(t.lineageKeys, r.offset) === r.key)
        tableSet(t.acked, r.offset, info);
      else if (r.offset >= t.logEndOffset || inLog === undefined) {
        this.lose(
          at,
          t,
          topic,
          partition,
          [ackAt(info, r.offset)],
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
    let byTopic = this.processedIndex.get(group);
    if (byTopic === undefined) this.processedIndex.set(group, (byTopic = new Map()));
    let byPartition = byTopic.get(topic);
    if (byPartition === undefined) byTopic.set(topic, (byPartition = new Map()));
    let p = byPartition.get(partition);
    if (p === undefined) {
      const key = `${group}\u0000${tpName(topic, partition)}`;
      p = this.processed.get(key);
      if (!p)
        this.processed.set(
          key,
          (p = {
            counts: offsetTable(),
            mode: (ev.mode as string | null) ?? null,
            client: ev.client as string,
          }),
        );
      byPartition.set(partition, p);
    }
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
      const n = (tableGet(p.counts, r.offset) ?? 0) + 1;
      tableSet(p.counts, r.offset, n);
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
      const { topic, partition } = parseTopicPartitionName(tp);
      const sorted = offsetsInSendOrder(order);
      for (let j = 1; j < sorted.length; j++) {
        if (sorted[j]! < sorted[j - 1]!) {
          out.push({
            kind: 'reorder',
            topic,
            partition,
            offset: sorted[j]!,
            at: now,
            cause: `${client} sent a record before another but it landed at offset ${sorted[j]!}, after offset ${sorted[j - 1]!}: a retried batch overtook a later one (max.in.flight.requests.per.connection > 1 without idempotence)`,
            allowedBy: 'enable.idempotence=false',
          });
        }
      }
    }
    for (const [k, p] of this.processed) {
      const [group, tp] = k.split('\u0000') as [string, string];
      const { topic, partition } = parseTopicPartitionName(tp);
      const t = this.parts.get(tp);
      if (!t || tableSize(p.counts) === 0) continue;
      // Records below what the group committed (or processed past) that it never processed.
      let start = Infinity;
      let last = -1;
      for (const off of tableKeys(p.counts)) {
        if (off < start) start = off;
        if (off > last) last = off;
      }
      const end = Math.max(this.committed.get(k) ?? 0, last + 1);
      for (const off of tableKeysAscending(t.lineage)) {
        if (off >= end) break;
        if (off < start || tableHas(p.counts, off)) continue;
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
