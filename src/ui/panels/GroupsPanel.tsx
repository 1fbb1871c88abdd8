// Consumer groups: state, generation and assignor, each member with its partitions (an idle member
// says so), committed offset and lag per partition, and the history of rebalances.
import { useStore } from '../store/index';
import type { GroupSnap, PartitionSnap } from '../data/types';
import { formatTime } from '../timeline/format';

function shortId(memberId: string): string {
  const dash = memberId.lastIndexOf('-');
  return dash > 0 ? `${memberId.slice(0, Math.min(dash, 24))}…${memberId.slice(-4)}` : memberId;
}

function Group({ g, partitions }: { g: GroupSnap; partitions: PartitionSnap[] }) {
  const subscribed = new Set([
    ...Object.keys(g.committed),
    ...g.members.flatMap((m) => m.assignment.map((a) => `${a.topic}-${a.partition}`)),
  ]);
  const owner = new Map<string, string>();
  for (const m of g.members) for (const a of m.assignment) owner.set(`${a.topic}-${a.partition}`, m.clientId);
  const rows = partitions.filter((p) => subscribed.has(`${p.topic}-${p.partition}`));
  const totalLag = rows.reduce(
    (n, p) => n + Math.max(0, p.highWatermark - (g.committed[`${p.topic}-${p.partition}`] ?? 0)),
    0,
  );
  return (
    <article className="group" aria-labelledby={`group-${g.groupId}`}>
      <header>
        <h3 id={`group-${g.groupId}`}>Group {g.groupId}</h3>
        <span
          className={`pill ${g.state === 'Stable' ? 'ok' : g.state === 'Empty' || g.state === 'Dead' ? 'muted' : 'warn'}`}
        >
          {g.state}
        </span>
        <span>generation {g.generation}</span>
        <span>assignor {g.protocol ?? '—'}</span>
        <span>coordinator broker {g.coordinator ?? '—'}</span>
        <span>total lag {totalLag}</span>
      </header>
      <table aria-label={`Members of ${g.groupId}`}>
        <thead>
          <tr>
            <th scope="col">Client</th>
            <th scope="col">Member id</th>
            <th scope="col">Partitions</th>
          </tr>
        </thead>
        <tbody>
          {g.members.map((m) => (
            <tr key={m.memberId}>
              <td>
                {m.clientId}
                {m.memberId === g.leader ? ' (group leader)' : ''}
              </td>
              <td className="mono">{shortId(m.memberId)}</td>
              <td>
                {m.assignment.length ? (
                  m.assignment.map((a) => `${a.topic}-${a.partition}`).join(', ')
                ) : (
                  <em>idle: no partition</em>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <table aria-label={`Offsets of ${g.groupId}`}>
        <thead>
          <tr>
            <th scope="col">Partition</th>
            <th scope="col">Owner</th>
            <th scope="col">Committed offset</th>
            <th scope="col">High watermark</th>
            <th scope="col">Lag</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((p) => {
            const k = `${p.topic}-${p.partition}`;
            const c = g.committed[k];
            return (
              <tr key={k}>
                <td>{k}</td>
                <td>{owner.get(k) ?? '—'}</td>
                <td>{c ?? 'none'}</td>
                <td>{p.highWatermark}</td>
                <td>{Math.max(0, p.highWatermark - (c ?? 0))}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <h4>Rebalances</h4>
      {g.history.length === 0 ? (
        <p className="empty">None yet.</p>
      ) : (
        <ol className="rebalances" aria-label={`Rebalances of ${g.groupId}`}>
          {[...g.history].reverse().map((h) => (
            <li key={h.generation}>
              <strong>generation {h.generation}</strong> at {formatTime(h.at)}: {h.members.length} member
              {h.members.length === 1 ? '' : 's'}
              {h.joined.length > 0 && <> · joined: {h.joined.map(shortId).join(', ')}</>}
              {h.left.length > 0 && <> · left: {h.left.map(shortId).join(', ')}</>}
              {h.protocol ? ` · ${h.protocol}` : ''}
            </li>
          ))}
        </ol>
      )}
    </article>
  );
}

export function GroupsPanel() {
  const snap = useStore((s) => s.snapshot);
  if (!snap) return null;
  if (snap.groups.length === 0)
    return <p className="empty">No consumer groups yet. Add a consumer (Clients) to start one.</p>;
  return (
    <div className="groups">
      {snap.groups.map((g) => (
        <Group key={g.groupId} g={g} partitions={snap.partitions} />
      ))}
    </div>
  );
}
