// The cluster canvas: racks and cut links behind, messages in flight (a canvas) in the middle, and the
// nodes on top: ZooKeeper, the brokers with their replicas, producers and consumer groups.
import { useMemo } from 'react';
import { useStore } from '../store/index';
import { computeLayout, curveBetween, VIEW_H, VIEW_W } from './layout';
import { chipRows } from './replica-chips';
import { BrokerCard } from './BrokerCard';
import { AdminBadge, ClientBadge, ZkBadge } from './NodeBadges';
import { FlowLayer } from './FlowLayer';
import { Legend } from './Legend';

const SIDE = 'ABCDEFGH';

export function ClusterCanvas() {
  const snap = useStore((s) => s.snapshot);
  const brokers = snap?.brokers ?? [];
  const clients = snap?.clients ?? [];
  const rows = useMemo(() => {
    if (!snap) return 1;
    return Math.max(1, ...snap.brokers.map((b) => chipRows(b, snap.topics, snap.partitions).length));
  }, [snap]);
  const shapeKey = JSON.stringify([
    brokers.map((b) => [b.id, b.rack]),
    clients.map((c) => [c.id, c.type, c.groupId]),
    rows,
  ]);
  const layout = useMemo(
    () => computeLayout(brokers, clients, rows),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [shapeKey],
  );
  if (!snap) return <div className="canvas-wrap loading">Starting the cluster…</div>;
  const net = snap.net;
  const tag = (node: string) => (net.groups[node] !== undefined ? (SIDE[net.groups[node]!] ?? '?') : null);
  const isolated = new Set(net.isolated);
  const cuts = net.cut.filter((k) => {
    const [a, b] = k.split('->');
    return a! < b! || !net.cut.includes(`${b}->${a}`);
  });
  return (
    <section className="canvas-section" aria-labelledby="canvas-title">
      <h2 id="canvas-title" className="visually-hidden">
        Cluster
      </h2>
      <div className="canvas-wrap" style={{ aspectRatio: `${VIEW_W} / ${VIEW_H}` }}>
        <svg className="layer" viewBox={`0 0 ${VIEW_W} ${VIEW_H}`} aria-hidden="true">
          {layout.racks.map((r) => (
            <g key={r.rack} className="rack">
              <rect x={r.x} y={r.y} width={r.w} height={r.h} rx={12} />
              <text x={r.x + 10} y={r.y + 16}>
                rack {r.rack}
              </text>
            </g>
          ))}
          {layout.groups.map((g) => (
            <g key={g.groupId} className="group-bracket">
              <rect x={g.x} y={g.y} width={g.w} height={g.h} rx={12} />
              <text x={g.x + 8} y={g.y + 11}>
                group {g.groupId}
              </text>
            </g>
          ))}
        </svg>
        <FlowLayer nodes={layout.nodes} />
        <svg
          className="layer nodes"
          viewBox={`0 0 ${VIEW_W} ${VIEW_H}`}
          role="group"
          aria-label="Cluster nodes"
        >
          {cuts.map((k) => {
            const [a, b] = k.split('->') as [string, string];
            const na = layout.nodes[a];
            const nb = layout.nodes[b];
            if (!na || !nb) return null;
            const c = curveBetween(na, nb, 0);
            const oneWay = !net.cut.includes(`${b}->${a}`);
            return (
              <g
                key={k}
                className="cut-link"
                role="img"
                aria-label={`Link ${a} ${oneWay ? 'to' : 'and'} ${b} cut`}
              >
                <line x1={c.x0} y1={c.y0} x2={c.x1} y2={c.y1} />
                <text
                  x={(c.x0 + c.x1) / 2}
                  y={(c.y0 + c.y1) / 2}
                  textAnchor="middle"
                  dominantBaseline="middle"
                >
                  ✂ cut
                </text>
              </g>
            );
          })}
          {layout.nodes['zk'] && <ZkBadge zk={snap.zk} box={layout.nodes['zk']} tag={tag('zk')} />}
          {layout.nodes['admin'] && <AdminBadge box={layout.nodes['admin']} />}
          {snap.brokers.map((b) =>
            layout.nodes[b.node] ? (
              <BrokerCard
                key={b.id}
                broker={b}
                box={layout.nodes[b.node]!}
                topics={snap.topics}
                partitions={snap.partitions}
                netTag={tag(b.node)}
                isolated={isolated.has(b.node)}
              />
            ) : null,
          )}
          {snap.clients.map((c) =>
            layout.nodes[c.id] ? (
              <ClientBadge
                key={c.id}
                client={c}
                box={layout.nodes[c.id]!}
                groups={snap.groups}
                tag={tag(c.id)}
                isolated={isolated.has(c.id)}
              />
            ) : null,
          )}
        </svg>
      </div>
      <Legend />
    </section>
  );
}
