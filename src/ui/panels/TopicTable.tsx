// Topics as kafka-topics.sh --describe shows them: Partition, Leader, Replicas, Isr, plus whether the
// preferred leader leads and whether the partition is under-replicated. Each row opens the inspector.
import { useState } from 'react';
import { useStore } from '../store/index';
import type { PartitionSnap, TopicSnap } from '../data/types';

function ReplicaList({ p, alive }: { p: PartitionSnap; alive: Set<number> }) {
  return (
    <>
      {p.replicas.map((r, i) => (
        <span
          key={r}
          className={alive.has(r) ? '' : 'dead-id'}
          title={alive.has(r) ? undefined : `broker ${r} is down`}
        >
          {i > 0 ? ', ' : ''}
          {r}
          {alive.has(r) ? '' : ' (down)'}
        </span>
      ))}
    </>
  );
}

function TopicBlock({
  t,
  partitions,
  alive,
}: {
  t: TopicSnap;
  partitions: PartitionSnap[];
  alive: Set<number>;
}) {
  const driver = useStore((s) => s.driver);
  const select = useStore((s) => s.select);
  const selected = useStore((s) => s.selected);
  const configs = Object.entries(t.config)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(',');
  return (
    <div className="topic-block">
      <div className="topic-head">
        <h3>
          Topic: {t.name}
          {t.deleting && <span className="pill warn"> being deleted</span>}
        </h3>
        <span>PartitionCount: {t.partitions}</span>
        <span>ReplicationFactor: {t.replicationFactor}</span>
        <span>Configs: {configs || '(defaults)'}</span>
        {!t.name.startsWith('__') && (
          <button
            type="button"
            className="danger small"
            onClick={() => {
              if (window.confirm(`Delete topic ${t.name}? Its records are gone for good.`))
                driver?.act({ type: 'deleteTopic', topic: t.name });
            }}
          >
            Delete topic {t.name}
          </button>
        )}
      </div>
      <table className="topic-table">
        <caption className="visually-hidden">Partitions of {t.name}</caption>
        <thead>
          <tr>
            <th scope="col">Partition</th>
            <th scope="col">Leader</th>
            <th scope="col">Replicas</th>
            <th scope="col">In-sync replicas</th>
            <th scope="col">Preferred leader?</th>
            <th scope="col">Under-replicated?</th>
            <th scope="col">High watermark</th>
            <th scope="col">Log end offsets</th>
            <th scope="col">
              <span className="visually-hidden">Inspect</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {partitions.map((p) => (
            <tr
              key={p.partition}
              className={`${p.offline ? 'row-bad' : p.underMinIsr ? 'row-bad' : p.underReplicated ? 'row-warn' : ''}${
                selected?.topic === p.topic && selected.partition === p.partition ? ' row-selected' : ''
              }`}
            >
              <td>{p.partition}</td>
              <td>
                {p.leader === null || p.offline ? (
                  <strong className="bad-text">none (offline)</strong>
                ) : (
                  p.leader
                )}
              </td>
              <td>
                <ReplicaList p={p} alive={alive} />
              </td>
              <td>
                {p.isr.join(', ') || '—'}
                {p.underMinIsr && <span className="pill bad"> under min ISR {p.minIsr}</span>}
              </td>
              <td>
                {p.preferredLeader ? 'yes' : <span className="warn-text">no (prefers {p.replicas[0]})</span>}
              </td>
              <td>{p.underReplicated ? <strong className="warn-text">yes</strong> : 'no'}</td>
              <td>{p.highWatermark}</td>
              <td>
                {p.replicas
                  .filter((r) => p.logEndOffsets[r] !== undefined)
                  .map((r) => `${r}: ${p.logEndOffsets[r]}`)
                  .join(' · ')}
              </td>
              <td>
                <button
                  type="button"
                  className="small"
                  onClick={() => select({ topic: p.topic, partition: p.partition })}
                >
                  Inspect {p.topic}-{p.partition}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function TopicTable() {
  const snap = useStore((s) => s.snapshot);
  const driver = useStore((s) => s.driver);
  const [internal, setInternal] = useState(false);
  if (!snap) return null;
  const alive = new Set(snap.brokers.filter((b) => b.alive).map((b) => b.id));
  const topics = snap.topics.filter((t) => internal || !t.name.startsWith('__'));
  const notPreferred = snap.partitions.some((p) => !p.preferredLeader && !p.offline);
  return (
    <div className="topics">
      <div className="panel-tools">
        <label>
          <input type="checkbox" checked={internal} onChange={(e) => setInternal(e.target.checked)} /> Show
          internal topics (__consumer_offsets)
        </label>
        <button
          type="button"
          className="small"
          disabled={!notPreferred}
          onClick={() => driver?.act({ type: 'electPreferredLeaders' })}
        >
          Elect preferred leaders
        </button>
      </div>
      {topics.length === 0 && <p className="empty">No topics yet. Create one with the Topics form.</p>}
      {topics.map((t) => (
        <TopicBlock
          key={t.name}
          t={t}
          partitions={snap.partitions.filter((p) => p.topic === t.name)}
          alive={alive}
        />
      ))}
    </div>
  );
}
