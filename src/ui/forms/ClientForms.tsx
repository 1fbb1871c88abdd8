// Producers and consumers: kill and start them, add new ones (a consumer with its group, topics,
// assignor and processing mode). Every form becomes an addClient / killClient / startClient action.
import { useState } from 'react';
import { useStore } from '../store/index';
import { ASSIGNOR_NAMES } from '../../scenario/configs';
import { SelectField, TextField } from './Field';
import { useAct } from './use-act';
import type { FieldErrors } from './validate-action';

const PROCESSING_MODES = [
  ['at-least-once', 'at-least-once (process, then commit)'],
  ['at-most-once', 'at-most-once (commit, then process)'],
] as const;

function nextName(base: string, taken: Set<string>): string {
  for (let i = 1; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}

export function ClientForms() {
  const snap = useStore((s) => s.snapshot);
  const act = useAct();
  const [errors, setErrors] = useState<FieldErrors>({});
  const taken = new Set(snap?.clients.map((c) => c.id) ?? []);
  const brokers = snap?.brokers.map((b) => b.id) ?? [1];
  const topics = snap?.topics.filter((t) => !t.name.startsWith('__')).map((t) => t.name) ?? [];
  const [pid, setPid] = useState('');
  const [acks, setAcks] = useState('all');
  const [cid, setCid] = useState('');
  const [group, setGroup] = useState('billing');
  const [subs, setSubs] = useState('');
  const [assignor, setAssignor] = useState('range');
  const [mode, setMode] = useState('at-least-once');
  const [recordMs, setRecordMs] = useState('0');
  const producerId = pid || nextName('producer', taken);
  const consumerId = cid || nextName(group || 'consumer', taken);
  const subscribe = (subs || topics[0] || '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!snap) return null;
  const err = (k: string) => errors[`client.${k}`];
  return (
    <div>
      <h3>Clients</h3>
      <ul className="node-rows" aria-label="Client controls">
        {snap.clients.map((c) => {
          const kind = c.type === 'producer' ? 'producer' : 'consumer';
          return (
            <li key={c.id}>
              <span className="node-name">
                {c.id}{' '}
                <small>
                  {kind}
                  {c.groupId ? ` in ${c.groupId}` : ''}
                </small>
                <span className={`pill ${c.alive ? 'ok' : 'bad'}`}>
                  {c.alive ? '✓ up' : c.started ? '✕ killed' : 'not started'}
                </span>
              </span>
              <span className="btns">
                {c.alive ? (
                  <button
                    type="button"
                    className="danger small"
                    onClick={() => setErrors(act({ type: 'killClient', client: c.id }))}
                  >
                    Kill {kind} {c.id}
                  </button>
                ) : (
                  <button
                    type="button"
                    className="small"
                    onClick={() => setErrors(act({ type: 'startClient', client: c.id }))}
                  >
                    Start {kind} {c.id}
                  </button>
                )}
              </span>
            </li>
          );
        })}
      </ul>
      <fieldset>
        <legend>Add a producer</legend>
        <div className="row end">
          <TextField label="Producer id" error={err('id')} value={producerId} onChange={setPid} />
          <SelectField
            label="acks"
            error={err('config.acks')}
            value={acks}
            onChange={setAcks}
            options={['all', '1', '0']}
          />
          <button
            type="button"
            onClick={() => {
              const e = act({
                type: 'addClient',
                client: { id: producerId, type: 'producer', bootstrapServers: brokers, config: { acks } },
              });
              setErrors(e);
              if (!Object.keys(e).length) setPid('');
            }}
          >
            Add producer
          </button>
        </div>
      </fieldset>
      <fieldset>
        <legend>Add a consumer</legend>
        <div className="row">
          <TextField label="Consumer id" error={err('id')} value={consumerId} onChange={setCid} />
          <TextField label="Group (group.id)" error={err('groupId')} value={group} onChange={setGroup} />
          <TextField
            label="Topics (comma-separated)"
            error={Object.entries(errors).find(([k]) => k.startsWith('client.subscribe'))?.[1]}
            value={subs}
            placeholder={topics[0] ?? ''}
            onChange={setSubs}
          />
        </div>
        <div className="row end">
          <SelectField
            label="Assignor"
            error={err('config.partition.assignment.strategy')}
            value={assignor}
            onChange={setAssignor}
            options={ASSIGNOR_NAMES}
          />
          <SelectField
            label="Processing"
            error={err('processing.mode')}
            value={mode}
            onChange={setMode}
            options={PROCESSING_MODES}
          />
          <TextField
            label="ms per record"
            error={err('processing.recordMs')}
            value={recordMs}
            onChange={setRecordMs}
            numeric
          />
          <button
            type="button"
            onClick={() => {
              const e = act({
                type: 'addClient',
                client: {
                  id: consumerId,
                  type: 'consumer',
                  groupId: group,
                  subscribe,
                  bootstrapServers: brokers,
                  config: { 'partition.assignment.strategy': assignor, 'auto.offset.reset': 'earliest' },
                  processing: { mode: mode as 'at-least-once' | 'at-most-once', recordMs: Number(recordMs) },
                },
              });
              setErrors(e);
              if (!Object.keys(e).length) setCid('');
            }}
          >
            Add consumer
          </button>
        </div>
      </fieldset>
      {errors['(action)'] && (
        <p className="error" role="alert">
          {errors['(action)']}
        </p>
      )}
      {Object.entries(errors)
        .filter(
          ([k]) =>
            k.startsWith('client') &&
            !['client.id', 'client.groupId', 'client.config.acks'].includes(k) &&
            !k.startsWith('client.subscribe') &&
            !k.startsWith('client.processing') &&
            !k.startsWith('client.config.partition'),
        )
        .map(([k, v]) => (
          <p key={k} className="error" role="alert">
            {k}: {v}
          </p>
        ))}
    </div>
  );
}
