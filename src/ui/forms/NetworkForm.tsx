// The network's fault verbs: isolate a node, cut a link, split the network into two sides, heal; and
// set the latency between two nodes or two racks.
import { useState } from 'react';
import { useStore } from '../store/index';
import { nodeName } from '../data/describe';
import { Field } from './Field';
import { useAct } from './use-act';
import type { FieldErrors } from './validate-action';
import type { NodeRef } from '../../scenario/schema';

interface NodeChoice {
  ref: NodeRef;
  node: string;
  label: string;
}

function useNodes(): NodeChoice[] {
  const snap = useStore((s) => s.snapshot);
  if (!snap) return [];
  return [
    { ref: 'zk', node: 'zk', label: 'ZooKeeper' },
    ...snap.brokers.map((b) => ({ ref: b.id, node: b.node, label: `Broker ${b.id}` })),
    ...snap.clients.map((c) => ({ ref: c.id, node: c.id, label: c.id })),
  ];
}

const refOf = (nodes: NodeChoice[], node: string): NodeRef => nodes.find((n) => n.node === node)?.ref ?? node;

export function NetworkForm() {
  const nodes = useNodes();
  const snap = useStore((s) => s.snapshot);
  const act = useAct();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [iso, setIso] = useState('broker-1');
  const [from, setFrom] = useState('broker-1');
  const [to, setTo] = useState('broker-2');
  const [oneWay, setOneWay] = useState(false);
  const [sideA, setSideA] = useState<Record<string, boolean>>({});
  const [latA, setLatA] = useState('broker-1');
  const [latB, setLatB] = useState('broker-2');
  const [latency, setLatency] = useState('50');
  const [byRack, setByRack] = useState(false);
  const racks = [...new Set((snap?.brokers ?? []).map((b) => b.rack).filter((r): r is string => !!r))];
  const faults = snap
    ? snap.net.isolated.length + snap.net.cut.length + Object.keys(snap.net.groups).length
    : 0;

  const select = (
    value: string,
    set: (v: string) => void,
    label: string,
    error?: string,
    options = nodes.map((n) => ({ v: n.node, l: n.label })),
  ) => (
    <Field label={label} error={error}>
      {(p) => (
        <select {...p} value={value} onChange={(e) => set(e.target.value)}>
          {options.map((o) => (
            <option key={o.v} value={o.v}>
              {o.l}
            </option>
          ))}
        </select>
      )}
    </Field>
  );

  return (
    <div className="network-forms">
      <div className="row end">
        <button
          type="button"
          className="primary"
          disabled={faults === 0}
          onClick={() => setErrors(act({ type: 'healNetwork' }))}
        >
          Heal network
        </button>
        <span className="hint">
          {faults === 0
            ? 'The network is whole.'
            : `${snap?.net.isolated.map(nodeName).join(', ') || ''}${snap?.net.isolated.length ? ' isolated; ' : ''}${snap?.net.cut.length ?? 0} links cut; ${Object.keys(snap?.net.groups ?? {}).length} nodes in a split.`}
        </span>
      </div>
      <h3>Isolate a node</h3>
      <div className="row end">
        {select(iso, setIso, 'Node to isolate', errors['node'])}
        <button
          type="button"
          onClick={() => setErrors(act({ type: 'isolateNode', node: refOf(nodes, iso) }))}
        >
          Isolate {nodeName(iso)}
        </button>
      </div>
      <h3>Cut a link</h3>
      <div className="row end">
        {select(from, setFrom, 'From', errors['from'])}
        {select(to, setTo, 'To', errors['to'])}
        <label className="check">
          <input type="checkbox" checked={oneWay} onChange={(e) => setOneWay(e.target.checked)} /> one way
          only
        </label>
        <button
          type="button"
          onClick={() =>
            setErrors(
              act({
                type: 'cutLink',
                from: refOf(nodes, from),
                to: refOf(nodes, to),
                ...(oneWay ? { oneWay } : {}),
              }),
            )
          }
        >
          Cut link
        </button>
      </div>
      <h3>Split the network</h3>
      <fieldset className="split">
        <legend>Nodes on side A (the others are side B)</legend>
        {nodes.map((n) => (
          <label key={n.node} className="check">
            <input
              type="checkbox"
              checked={!!sideA[n.node]}
              onChange={(e) => setSideA({ ...sideA, [n.node]: e.target.checked })}
            />{' '}
            {n.label}
          </label>
        ))}
      </fieldset>
      <button
        type="button"
        onClick={() => {
          const a = nodes.filter((n) => sideA[n.node]).map((n) => n.ref);
          const b = nodes.filter((n) => !sideA[n.node]).map((n) => n.ref);
          if (a.length === 0 || b.length === 0)
            return setErrors({ groups: 'put at least one node on each side' });
          setErrors(act({ type: 'partitionNetwork', groups: [a, b] }));
        }}
      >
        Split network
      </button>
      {errors['groups'] && (
        <p className="error" role="alert">
          {errors['groups']}
        </p>
      )}
      <h3>Latency</h3>
      <div className="row end">
        <label className="check">
          <input
            type="checkbox"
            checked={byRack}
            onChange={(e) => {
              setByRack(e.target.checked);
              setLatA(e.target.checked ? (racks[0] ?? '') : 'broker-1');
              setLatB(e.target.checked ? (racks[1] ?? racks[0] ?? '') : 'broker-2');
            }}
          />{' '}
          between racks
        </label>
        {byRack
          ? select(
              latA,
              setLatA,
              'Rack A',
              undefined,
              racks.map((r) => ({ v: r, l: r })),
            )
          : select(latA, setLatA, 'Node A', errors['between[0]'])}
        {byRack
          ? select(
              latB,
              setLatB,
              'Rack B',
              undefined,
              racks.map((r) => ({ v: r, l: r })),
            )
          : select(latB, setLatB, 'Node B', errors['between[1]'])}
        <Field label="Latency (ms, one way)" error={errors['latencyMs']}>
          {(p) => (
            <input {...p} inputMode="numeric" value={latency} onChange={(e) => setLatency(e.target.value)} />
          )}
        </Field>
        <button
          type="button"
          onClick={() =>
            setErrors(
              act({
                type: 'setLatency',
                between: byRack ? [latA, latB] : [refOf(nodes, latA), refOf(nodes, latB)],
                ...(byRack ? { racks: true } : {}),
                latencyMs: Number(latency),
              }),
            )
          }
        >
          Set latency
        </button>
      </div>
      {errors['(action)'] && (
        <p className="error" role="alert">
          {errors['(action)']}
        </p>
      )}
    </div>
  );
}
