// ZooKeeper's live znode tree: every path with its data and version; ephemeral znodes are marked with
// the session that owns them (and the node behind that session). Long child lists fold.
import { useStore } from '../store/index';
import type { ZnodeSnap, ZkSnap } from '../data/types';
import { nodeName } from '../data/describe';

interface TreeNode {
  z: ZnodeSnap;
  name: string;
  children: TreeNode[];
}

function buildTree(znodes: ZnodeSnap[]): TreeNode | null {
  const byPath = new Map<string, TreeNode>();
  for (const z of znodes)
    byPath.set(z.path, {
      z,
      name: z.path === '/' ? '/' : z.path.slice(z.path.lastIndexOf('/') + 1),
      children: [],
    });
  for (const [path, n] of byPath) {
    if (path === '/') continue;
    const parent = path.slice(0, path.lastIndexOf('/')) || '/';
    byPath.get(parent)?.children.push(n);
  }
  return byPath.get('/') ?? null;
}

function dataText(d: unknown): string {
  if (d === null || d === undefined) return '';
  const s = JSON.stringify(d);
  return s.length > 90 ? `${s.slice(0, 87)}…` : s;
}

function Node({ n, owners }: { n: TreeNode; owners: Map<number, string> }) {
  const eph = n.z.ephemeralOwner !== 0;
  const label = (
    <span className="znode">
      <span className="znode-name">{n.name}</span>
      {eph && (
        <span className="pill eph" title="Ephemeral: deleted when its session ends">
          ephemeral · session 0x{n.z.ephemeralOwner.toString(16)}
          {owners.get(n.z.ephemeralOwner) ? ` (${nodeName(owners.get(n.z.ephemeralOwner)!)})` : ''}
        </span>
      )}
      <span className="znode-version">v{n.z.version}</span>
      <code>{dataText(n.z.data)}</code>
    </span>
  );
  if (n.children.length === 0) return <li>{label}</li>;
  const kids = (
    <ul>
      {n.children.map((c) => (
        <Node key={c.z.path} n={c} owners={owners} />
      ))}
    </ul>
  );
  return (
    <li>
      {n.children.length > 8 ? (
        <details>
          <summary>
            {label} ({n.children.length} children)
          </summary>
          {kids}
        </details>
      ) : (
        <>
          {label}
          {kids}
        </>
      )}
    </li>
  );
}

export function ZkTreeView({ zk }: { zk: ZkSnap | null }) {
  if (!zk) return null;
  if (!zk.alive)
    return (
      <p className="empty">ZooKeeper is down: its tree is on its disk, and comes back when it restarts.</p>
    );
  const root = buildTree(zk.znodes);
  const owners = new Map(zk.sessions.map((s) => [s.sessionId, s.owner]));
  return (
    <div className="zk-tree">
      <p>
        zxid {zk.zxid} · {zk.sessions.length} live sessions:{' '}
        {zk.sessions
          .map((s) => `0x${s.sessionId.toString(16)} ${nodeName(s.owner)} (timeout ${s.timeoutMs} ms)`)
          .join(' · ')}
      </p>
      {root && (
        <ul className="tree" aria-label="Znodes">
          <Node n={root} owners={owners} />
        </ul>
      )}
    </div>
  );
}

export default function ZkTree() {
  const zk = useStore((s) => s.snapshot?.zk ?? null);
  return <ZkTreeView zk={zk} />;
}
