// The partition inspector: every replica's log side by side by offset, with segments, the log start
// offset, the high watermark and each replica's log end offset. Records at or above the high watermark
// are uncommitted (hatched); a follower record that differs from the leader's is marked as diverging.
// Records the guarantee checker pointed at (a click on a finding) are marked with its word: lost, twice.
import { useEffect, useState } from 'react';
import { useStore } from '../store/index';
import type { InspectedRecord, InspectedReplica } from '../data/replica-log';
import { keyColor } from './key-color';
import { kindWords, offsetRanges } from '../data/violations';
import { formatTime } from '../timeline/format';
import '../checker/checker.css';

const WINDOW = 30;

function cellTitle(r: InspectedRecord): string {
  const h = r.headers ? ` headers ${JSON.stringify(r.headers)}` : '';
  return `offset ${r.offset}, key ${r.key ?? 'null'}, value ${r.value ?? 'null (tombstone)'}, leader epoch ${r.leaderEpoch}, timestamp ${r.timestamp}${h}`;
}

export default function PartitionInspector() {
  const selected = useStore((s) => s.selected);
  const snap = useStore((s) => s.snapshot);
  const driver = useStore((s) => s.driver);
  const [endOverride, setEndOverride] = useState<number | null>(null);
  const p =
    selected &&
    snap?.partitions.find((x) => x.topic === selected.topic && x.partition === selected.partition);
  const topics = snap?.topics.filter((t) => !t.name.startsWith('__')) ?? [];
  const select = useStore((s) => s.select);
  const focusAny = useStore((s) => s.focus);
  const setFocus = useStore((s) => s.setFocus);
  const setTab = useStore((s) => s.setBottomTab);
  const focus = p && focusAny?.topic === p.topic && focusAny.partition === p.partition ? focusAny : null;
  const focusMax = focus && focus.offsets.length ? Math.max(...focus.offsets) : null;
  /** The last offset shown: the log's end, or near the records the checker pointed at. */
  const windowEnd = (maxLeo: number) => {
    if (endOverride !== null) return endOverride;
    if (focusMax === null) return maxLeo;
    return maxLeo - focusMax > WINDOW - 4 ? focusMax + 4 : Math.max(maxLeo, focusMax + 1);
  };

  // Replica logs live in the brokers' memories (in their workers): read a window of each, and keep
  // showing the previous answer until the new one comes.
  const [read, setRead] = useState<{ key: string; replicas: InspectedReplica[] }>({ key: '', replicas: [] });
  const key = p ? `${p.topic}\u0000${p.partition}` : '';
  const replicas = read.key === key ? read.replicas : [];
  useEffect(() => {
    if (!p || !driver) return;
    let current = true;
    const maxLeo = Math.max(0, ...Object.values(p.logEndOffsets), p.highWatermark);
    const end = windowEnd(maxLeo);
    const from = Math.max(0, end - WINDOW);
    void Promise.all(p.replicas.map((r) => driver.inspect(r, p.topic, p.partition, { from, to: end + 1 })))
      .then((replicas) => {
        if (current) setRead({ key: `${p.topic}\u0000${p.partition}`, replicas });
      })
      .catch(() => {}); // a node failure shows in the engine's alert
    return () => {
      current = false;
    };
    // The snapshot's time is what changes the logs.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [p, driver, endOverride, snap?.time, focusMax]);

  const picker = (
    <label className="tp-picker">
      Partition{' '}
      <select
        aria-label="Partition to inspect"
        value={selected ? `${selected.topic}\u0000${selected.partition}` : ''}
        onChange={(e) => {
          const [topic, part] = e.target.value.split('\u0000');
          setEndOverride(null);
          select(topic ? { topic, partition: Number(part) } : null);
        }}
      >
        <option value="">choose…</option>
        {topics.flatMap((t) =>
          Array.from({ length: t.partitions }, (_, i) => (
            <option key={`${t.name}-${i}`} value={`${t.name}\u0000${i}`}>
              {t.name}-{i}
            </option>
          )),
        )}
      </select>
    </label>
  );
  if (!p || !snap)
    return (
      <div className="inspector">
        {picker}
        <p className="empty">Choose a partition (or click a replica on the canvas) to see its logs.</p>
      </div>
    );

  const maxLeo = Math.max(0, ...replicas.map((r) => r.logEndOffset), p.highWatermark);
  const end = Math.min(windowEnd(maxLeo), maxLeo);
  const minStart = Math.min(
    ...replicas.filter((r) => r.role !== 'absent').map((r) => r.logStartOffset),
    p.logStartOffset,
  );
  const from = Math.max(minStart, end - WINDOW);
  const offsets = Array.from({ length: Math.max(0, end - from + 1) }, (_, i) => from + i);
  const leader = replicas.find((r) => r.broker === p.leader);
  const leaderAt = new Map((leader?.records ?? []).map((r) => [r.offset, r]));
  const hw = p.highWatermark;
  const marked = new Set(focus?.offsets ?? []);
  const words = focus ? kindWords(focus.kind) : null;
  const mark = words ? (
    <span className="mark-tag">
      <span aria-hidden="true">{words.icon} </span>
      {words.mark}
    </span>
  ) : null;
  return (
    <div className="inspector">
      <div className="inspector-head">
        {picker}
        <span>
          leader <strong>{p.leader ?? 'none'}</strong> · epoch {p.leaderEpoch} · ISR [{p.isr.join(', ')}] ·
          high watermark <strong>{hw}</strong> · log start offset {p.logStartOffset}
        </span>
        <span className="pager">
          <button
            type="button"
            className="small"
            disabled={from <= minStart}
            onClick={() => setEndOverride(Math.max(minStart + WINDOW, from - 1))}
          >
            Earlier offsets
          </button>
          <button
            type="button"
            className="small"
            disabled={endOverride === null}
            onClick={() => setEndOverride(null)}
          >
            Follow the end
          </button>
        </span>
      </div>
      {focus && words && (
        <p className="focus-banner" role="note" aria-label="Marked by the guarantee checker">
          <span>
            <span aria-hidden="true">{words.icon} </span>
            <strong>{words.title}</strong>
            {focus.offsets.length
              ? ` at offset${focus.offsets.length > 1 ? 's' : ''} ${offsetRanges(focus.offsets)}`
              : ''}
            , found by the guarantee checker at {formatTime(focus.at)}. Marked rows say “{words.mark}”.
          </span>
          <button type="button" className="small" onClick={() => setTab('checker')}>
            Back to the checker
          </button>
          <button type="button" className="small" onClick={() => setFocus(null)}>
            Clear the marks
          </button>
        </p>
      )}
      <div
        className="log-grid"
        role="table"
        aria-label={`Logs of ${p.topic}-${p.partition} by replica`}
        style={{
          gridTemplateColumns: `${marked.size ? 116 : 64}px repeat(${replicas.length}, minmax(120px, 1fr))`,
        }}
      >
        <div role="row" className="log-row head">
          <span role="columnheader">offset</span>
          {replicas.map((r) => (
            <span role="columnheader" key={r.broker}>
              Broker {r.broker}{' '}
              <span
                className={`pill ${r.role === 'leader' ? 'ok' : r.role === 'follower' ? (p.isr.includes(r.broker) ? 'muted' : 'warn') : 'bad'}`}
              >
                {r.role === 'follower'
                  ? p.isr.includes(r.broker)
                    ? 'in-sync follower'
                    : 'out-of-sync follower'
                  : r.role === 'absent'
                    ? 'no replica yet'
                    : r.role}
              </span>
              <small>
                {r.fromDisk ? 'down: log on disk · ' : ''}LEO {r.logEndOffset} · HW {r.highWatermark} ·{' '}
                {r.segments.length} segment{r.segments.length === 1 ? '' : 's'}
              </small>
            </span>
          ))}
        </div>
        {offsets.map((o) => (
          <div
            role="row"
            key={o}
            className={`log-row${o === hw ? ' hw-line' : ''}${marked.has(o) ? ' marked' : ''}`}
          >
            <span role="rowheader" className="offset">
              {o}
              {o === hw && <span className="hw-tag">HW</span>}
              {marked.has(o) && mark}
            </span>
            {replicas.map((r) => {
              const seg = r.segments.find((s) => s.baseOffset === o && o !== 0);
              const rec = r.records.find((x) => x.offset === o);
              if (!rec) {
                const isLeo = o === r.logEndOffset;
                return (
                  <span role="cell" key={r.broker} className={`cell empty-cell${isLeo ? ' leo' : ''}`}>
                    {isLeo ? '← log end offset' : o < r.logStartOffset ? 'deleted' : ''}
                  </span>
                );
              }
              const lr = leaderAt.get(o);
              const diverges =
                lr &&
                r.broker !== p.leader &&
                (lr.key !== rec.key || lr.value !== rec.value || lr.leaderEpoch !== rec.leaderEpoch);
              const uncommitted = o >= hw;
              return (
                <span
                  role="cell"
                  key={r.broker}
                  className={`cell record${uncommitted ? ' uncommitted' : ''}${diverges ? ' diverges' : ''}${seg ? ' seg-start' : ''}`}
                  title={cellTitle(rec)}
                  style={{ borderLeftColor: keyColor(rec.key) }}
                >
                  <span className="swatch" style={{ background: keyColor(rec.key) }} aria-hidden="true" />
                  <span className="rec-key">{rec.key ?? 'null'}</span>
                  <span className="rec-value">{rec.value ?? '∅ tombstone'}</span>
                  <span className="rec-epoch">e{rec.leaderEpoch}</span>
                  {uncommitted && <span className="visually-hidden"> (uncommitted)</span>}
                  {diverges && <span className="tag-bad"> diverges</span>}
                  {seg && <span className="seg-tag">segment {seg.baseOffset}</span>}
                  {marked.has(o) && mark}
                </span>
              );
            })}
          </div>
        ))}
      </div>
      <p className="hint">
        Rows from offset {from} to {end}. Above the <strong>HW</strong> line, records are committed (every
        in-sync replica has them); hatched records at or past it are not yet, and consumers cannot read them.
        Colour marks the key (same key, same colour everywhere); <em>e</em> is the leader epoch that wrote the
        batch.
      </p>
    </div>
  );
}
