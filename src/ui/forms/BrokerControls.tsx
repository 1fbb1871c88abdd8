// Brokers and ZooKeeper: kill (the process dies, its disk survives), restart, shut down cleanly
// (controlled shutdown moves leadership away first), add a broker.
import { useState } from 'react';
import { useStore } from '../store/index';
import { Field } from './Field';
import { useAct } from './use-act';
import type { FieldErrors } from './validate-action';

export function BrokerControls() {
  const snap = useStore((s) => s.snapshot);
  const act = useAct();
  const [errors, setErrors] = useState<FieldErrors>({});
  const nextId = Math.max(0, ...(snap?.brokers.map((b) => b.id) ?? [0])) + 1;
  const racks = [...new Set((snap?.brokers ?? []).map((b) => b.rack).filter((r): r is string => !!r))];
  const [rack, setRack] = useState('');
  if (!snap) return null;
  const isolated = new Set(snap.net.isolated);
  return (
    <div>
      <h3>Brokers</h3>
      <ul className="node-rows" aria-label="Broker controls">
        {snap.brokers.map((b) => (
          <li key={b.id}>
            <span className="node-name">
              Broker {b.id}
              {b.rack ? <small> rack {b.rack}</small> : null}
              <span className={`pill ${b.alive ? 'ok' : 'bad'}`}>{b.alive ? '✓ up' : '✕ down'}</span>
              {b.isController && <span className="pill muted">controller</span>}
            </span>
            <span className="btns">
              {b.alive ? (
                <>
                  <button
                    type="button"
                    className="danger small"
                    onClick={() => setErrors(act({ type: 'killBroker', broker: b.id }))}
                  >
                    Kill broker {b.id}
                  </button>
                  <button
                    type="button"
                    className="small"
                    onClick={() => setErrors(act({ type: 'shutdownBroker', broker: b.id }))}
                  >
                    Shut down broker {b.id}
                  </button>
                </>
              ) : (
                <button
                  type="button"
                  className="small"
                  onClick={() => setErrors(act({ type: 'restartBroker', broker: b.id }))}
                >
                  Restart broker {b.id}
                </button>
              )}
              {isolated.has(b.node) ? null : (
                <button
                  type="button"
                  className="small"
                  onClick={() => setErrors(act({ type: 'isolateNode', node: b.id }))}
                >
                  Isolate broker {b.id}
                </button>
              )}
            </span>
          </li>
        ))}
        <li>
          <span className="node-name">
            ZooKeeper{' '}
            <span className={`pill ${snap.zk?.alive ? 'ok' : 'bad'}`}>
              {snap.zk?.alive ? '✓ up' : '✕ down'}
            </span>
          </span>
          <span className="btns">
            {snap.zk?.alive ? (
              <button
                type="button"
                className="danger small"
                onClick={() => setErrors(act({ type: 'killCoordinator' }))}
              >
                Kill ZooKeeper
              </button>
            ) : (
              <button
                type="button"
                className="small"
                onClick={() => setErrors(act({ type: 'restartCoordinator' }))}
              >
                Restart ZooKeeper
              </button>
            )}
          </span>
        </li>
      </ul>
      <div className="row end">
        <Field label="Rack of the new broker" error={errors['rack']}>
          {(p) => (
            <>
              <input
                {...p}
                list="rack-names"
                value={rack}
                placeholder={racks[0] ?? 'none'}
                onChange={(e) => setRack(e.target.value)}
              />
              <datalist id="rack-names">
                {racks.map((r) => (
                  <option key={r} value={r} />
                ))}
              </datalist>
            </>
          )}
        </Field>
        <button
          type="button"
          onClick={() =>
            setErrors(
              act({ type: 'addBroker', broker: nextId, ...(rack.trim() ? { rack: rack.trim() } : {}) }),
            )
          }
        >
          Add broker {nextId}
        </button>
      </div>
      {(errors['(action)'] || errors['broker']) && (
        <p className="error" role="alert">
          {errors['(action)'] ?? errors['broker']}
        </p>
      )}
      <p className="hint">
        A new broker gets no replicas of existing topics: Kafka moves replicas only when asked
        (kafka-reassign-partitions).
      </p>
    </div>
  );
}
