// Create a topic: name, partitions, replication factor and configs, with Kafka's errors beside each
// field (INVALID_TOPIC_EXCEPTION, TOPIC_ALREADY_EXISTS, INVALID_REPLICATION_FACTOR, config errors).
import { useState, type FormEvent } from 'react';
import { useStore } from '../store/index';
import { topicNameError } from '../../scenario/topic-name';
import { TOPIC_CONFIGS } from '../../scenario/configs';
import { Field } from './Field';
import { parsePairs, type FieldErrors } from './validate-action';
import { useAct } from './use-act';

export function CreateTopicForm() {
  const snap = useStore((s) => s.snapshot);
  const act = useAct();
  const [name, setName] = useState('orders');
  const [partitions, setPartitions] = useState('3');
  const [rf, setRf] = useState('3');
  const [cleanup, setCleanup] = useState('delete');
  const [minIsr, setMinIsr] = useState('');
  const [extra, setExtra] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [sent, setSent] = useState<string | null>(null);

  const liveBrokers = snap?.brokers.filter((b) => b.alive && b.registered).length ?? 0;
  const nameErr = name ? topicNameError(name) : null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const extraParsed = parsePairs(extra);
    const config: Record<string, string | number> = { ...extraParsed.pairs };
    if (cleanup !== 'delete') config['cleanup.policy'] = cleanup;
    if (minIsr.trim() !== '') config['min.insync.replicas'] = minIsr.trim();
    const pre: FieldErrors = {};
    const tErr = topicNameError(name);
    if (tErr) pre['name'] = tErr;
    else if (snap?.topics.some((t) => t.name === name))
      pre['name'] = `TOPIC_ALREADY_EXISTS: Topic '${name}' already exists.`;
    const p = Number(partitions);
    const r = Number(rf);
    if (!Number.isInteger(p) || p < 1)
      pre['partitions'] = 'INVALID_PARTITIONS: Number of partitions must be larger than 0.';
    if (!Number.isInteger(r) || r < 1)
      pre['replicationFactor'] = 'INVALID_REPLICATION_FACTOR: Replication factor must be larger than 0.';
    else if (r > liveBrokers)
      pre['replicationFactor'] =
        `INVALID_REPLICATION_FACTOR: Replication factor: ${r} larger than available brokers: ${liveBrokers}.`;
    if (extraParsed.error) pre['config'] = extraParsed.error;
    for (const k of Object.keys(extraParsed.pairs))
      if (!TOPIC_CONFIGS[k]) pre[`config.${k}`] = `unknown topic config`;
    const intent = {
      type: 'createTopic' as const,
      name,
      partitions: Number.isInteger(p) ? p : 0,
      replicationFactor: Number.isInteger(r) ? r : 0,
      ...(Object.keys(config).length ? { config } : {}),
    };
    const errs = Object.keys(pre).length ? pre : act(intent);
    setErrors(errs);
    setSent(Object.keys(errs).length === 0 ? name : null);
  };
  const configErrors = Object.entries(errors).filter(([k]) => k.startsWith('config'));
  const created = sent !== null && snap?.topics.some((t) => t.name === sent);
  return (
    <form onSubmit={submit} aria-labelledby="create-topic-title" noValidate>
      <h3 id="create-topic-title">Create a topic</h3>
      <Field label="Topic name" error={errors['name'] ?? nameErr ?? undefined}>
        {(p) => (
          <input
            {...p}
            value={name}
            onChange={(e) => setName(e.target.value)}
            autoComplete="off"
            spellCheck={false}
          />
        )}
      </Field>
      <div className="row">
        <Field label="Partitions" error={errors['partitions']}>
          {(p) => (
            <input
              {...p}
              type="number"
              min={1}
              value={partitions}
              onChange={(e) => setPartitions(e.target.value)}
            />
          )}
        </Field>
        <Field
          label="Replication factor"
          error={errors['replicationFactor']}
          hint={`${liveBrokers} brokers available`}
        >
          {(p) => <input {...p} type="number" min={1} value={rf} onChange={(e) => setRf(e.target.value)} />}
        </Field>
      </div>
      <div className="row">
        <Field label="cleanup.policy" error={errors['config.cleanup.policy']}>
          {(p) => (
            <select {...p} value={cleanup} onChange={(e) => setCleanup(e.target.value)}>
              <option value="delete">delete</option>
              <option value="compact">compact</option>
              <option value="compact,delete">compact,delete</option>
            </select>
          )}
        </Field>
        <Field
          label="min.insync.replicas"
          error={errors['config.min.insync.replicas']}
          hint="empty: the broker's"
        >
          {(p) => (
            <input {...p} value={minIsr} onChange={(e) => setMinIsr(e.target.value)} inputMode="numeric" />
          )}
        </Field>
      </div>
      <Field
        label="Other configs (one key=value a line)"
        error={
          configErrors
            .filter(([k]) => k !== 'config.cleanup.policy' && k !== 'config.min.insync.replicas')
            .map(([k, v]) => `${k.replace(/^config\.?/, '')}: ${v}`)
            .join('; ') || undefined
        }
        hint="e.g. retention.ms=60000"
      >
        {(p) => (
          <textarea
            {...p}
            rows={2}
            value={extra}
            onChange={(e) => setExtra(e.target.value)}
            spellCheck={false}
          />
        )}
      </Field>
      {errors['(action)'] && (
        <p className="error" role="alert">
          {errors['(action)']}
        </p>
      )}
      <button type="submit" className="primary">
        Create topic
      </button>
      {sent && (
        <p className="form-status" role="status">
          {created ? `Topic ${sent} created.` : `CreateTopics for ${sent} sent to the controller…`}
        </p>
      )}
    </form>
  );
}
