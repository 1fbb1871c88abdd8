// ZooKeeper, the admin tool and the clients on the canvas.
import type { ClientSnap, GroupSnap, ZkSnap } from '../data/types';
import type { Box } from './layout';

export function ZkBadge({ zk, box, tag }: { zk: ZkSnap | null; box: Box; tag: string | null }) {
  const alive = zk?.alive ?? false;
  const ephemerals = zk?.znodes.filter((z) => z.ephemeralOwner !== 0).length ?? 0;
  return (
    <g
      className={`zk ${alive ? 'alive' : 'dead'}`}
      transform={`translate(${box.x},${box.y})`}
      role="group"
      aria-label={`ZooKeeper, ${alive ? 'running' : 'down'}, ${zk?.sessions.length ?? 0} sessions`}
    >
      <rect width={box.w} height={box.h} rx={10} />
      <text className="node-title" x={box.w / 2} y={18} textAnchor="middle">
        ZooKeeper
      </text>
      <text className="node-sub" x={box.w / 2} y={34} textAnchor="middle">
        {alive ? `${zk!.sessions.length} sessions · ${ephemerals} ephemeral` : '✕ down'}
        {tag ? ` · side ${tag}` : ''}
      </text>
    </g>
  );
}

export function AdminBadge({ box }: { box: Box }) {
  return (
    <g className="admin" transform={`translate(${box.x},${box.y})`} role="img" aria-label="Admin client">
      <rect width={box.w} height={box.h} rx={6} />
      <text x={box.w / 2} y={box.h / 2 + 1} dominantBaseline="middle" textAnchor="middle">
        admin client
      </text>
    </g>
  );
}

function assignmentText(c: ClientSnap, groups: GroupSnap[]): string {
  const g = groups.find((x) => x.groupId === c.groupId);
  const m = g?.members.find((x) => x.clientId === c.id);
  if (!c.alive) return c.started ? '✕ killed' : 'not started';
  if (!m) return g ? 'joining…' : 'finding coordinator…';
  if (g && g.state !== 'Stable') return `${g.state}…`;
  if (m.assignment.length === 0) return 'idle: no partitions';
  return m.assignment.map((a) => `${a.topic.slice(0, 6)}-${a.partition}`).join(' ');
}

export function ClientBadge({
  client,
  box,
  groups,
  tag,
  isolated,
}: {
  client: ClientSnap;
  box: Box;
  groups: GroupSnap[];
  tag: string | null;
  isolated: boolean;
}) {
  const sub =
    client.type === 'producer'
      ? client.alive
        ? `acks=${String(client.config['acks'] ?? 'all')}${client.queued ? ` · ${client.queued} queued` : ''}`
        : client.started
          ? '✕ killed'
          : 'not started'
      : assignmentText(client, groups);
  const shape = client.type === 'producer' ? 'producer' : 'consumer';
  return (
    <g
      className={`client ${shape} ${client.alive ? 'alive' : 'dead'}${isolated ? ' isolated' : ''}`}
      transform={`translate(${box.x},${box.y})`}
      role="group"
      aria-label={`${client.type === 'producer' ? 'Producer' : 'Consumer'} ${client.id}: ${sub}${tag ? `, network side ${tag}` : ''}`}
    >
      <rect width={box.w} height={box.h} rx={client.type === 'producer' ? 6 : 18} />
      <text className="node-title" x={10} y={16}>
        {client.type === 'producer' ? '▶ ' : '◀ '}
        {client.id.length > 15 ? `${client.id.slice(0, 14)}…` : client.id}
      </text>
      <text className="node-sub" x={10} y={31}>
        {sub.length > 22 ? `${sub.slice(0, 21)}…` : sub}
        {tag ? ` · ${tag}` : ''}
      </text>
      {isolated && (
        <rect className="isolation-ring" x={-4} y={-4} width={box.w + 8} height={box.h + 8} rx={10} />
      )}
    </g>
  );
}
