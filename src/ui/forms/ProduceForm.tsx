// Produce one keyed record (key, value, headers, optional partition), or start a generator (a repeated
// produce: rate, duration, key pattern with {i}). Recent sends show where each key landed.
import { useState, type FormEvent } from 'react';
import { useStore } from '../store/index';
import { Field } from './Field';
import { parsePairs, type FieldErrors } from './validate-action';
import { useAct } from './use-act';
import { RecentSends } from './RecentSends';

function useProducerChoices() {
  const snap = useStore((s) => s.snapshot);
  const producers = snap?.clients.filter((c) => c.type === 'producer') ?? [];
  const topics = snap?.topics.filter((t) => !t.name.startsWith('__')) ?? [];
  return { producers, topics };
}

export function ProduceForm() {
  const { producers, topics } = useProducerChoices();
  const act = useAct();
  const [client, setClient] = useState('');
  const [topic, setTopic] = useState('');
  const [key, setKey] = useState('user-1');
  const [value, setValue] = useState('hello');
  const [headers, setHeaders] = useState('');
  const [partition, setPartition] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const c = client || producers[0]?.id || '';
  const t = topic || topics[0]?.name || '';

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const pre: FieldErrors = {};
    const h = parsePairs(headers);
    if (h.error) pre['headers'] = h.error;
    let part: number | undefined;
    if (partition.trim() !== '') {
      part = Number(partition);
      const n = topics.find((x) => x.name === t)?.partitions ?? 0;
      if (!Number.isInteger(part) || part < 0) pre['partition'] = 'must be a whole number, 0 or more';
      else if (n > 0 && part >= n)
        pre['partition'] = `Invalid partition given with record: ${part} is not in the range [0...${n}).`;
    }
    if (!c) pre['client'] = 'add a producer first (Clients)';
    const intent = {
      type: 'produce' as const,
      client: c,
      topic: t,
      key: key === '' ? null : key,
      value,
      ...(Object.keys(h.pairs).length ? { headers: h.pairs } : {}),
      ...(part !== undefined && Number.isInteger(part) && part >= 0 ? { partition: part } : {}),
    };
    setErrors(Object.keys(pre).length ? pre : act(intent));
  };
  return (
    <form onSubmit={submit} aria-labelledby="produce-title" noValidate>
      <h3 id="produce-title">Produce a record</h3>
      <div className="row">
        <Field label="Producer" error={errors['client']}>
          {(p) => (
            <select {...p} value={c} onChange={(e) => setClient(e.target.value)}>
              {producers.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.id}
                  {x.alive ? '' : ' (down)'}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Topic" error={errors['topic']}>
          {(p) => (
            <>
              <input
                {...p}
                list="topic-names"
                value={t}
                onChange={(e) => setTopic(e.target.value)}
                spellCheck={false}
              />
              <datalist id="topic-names">
                {topics.map((x) => (
                  <option key={x.name} value={x.name} />
                ))}
              </datalist>
            </>
          )}
        </Field>
      </div>
      <div className="row">
        <Field label="Key" error={errors['key']} hint="empty: no key (sticky partitioner)">
          {(p) => <input {...p} value={key} onChange={(e) => setKey(e.target.value)} spellCheck={false} />}
        </Field>
        <Field label="Value" error={errors['value']}>
          {(p) => (
            <input {...p} value={value} onChange={(e) => setValue(e.target.value)} spellCheck={false} />
          )}
        </Field>
      </div>
      <div className="row">
        <Field label="Headers (key=value a line)" error={errors['headers']}>
          {(p) => (
            <textarea
              {...p}
              rows={1}
              value={headers}
              onChange={(e) => setHeaders(e.target.value)}
              spellCheck={false}
            />
          )}
        </Field>
        <Field label="Partition (optional)" error={errors['partition']} hint="empty: the partitioner decides">
          {(p) => (
            <input
              {...p}
              inputMode="numeric"
              value={partition}
              onChange={(e) => setPartition(e.target.value)}
            />
          )}
        </Field>
      </div>
      {errors['(action)'] && (
        <p className="error" role="alert">
          {errors['(action)']}
        </p>
      )}
      <button type="submit" className="primary">
        Produce
      </button>
      <GeneratorForm client={c} topic={t} />
      <RecentSends />
    </form>
  );
}

function GeneratorForm({ client, topic }: { client: string; topic: string }) {
  const act = useAct();
  const [rate, setRate] = useState('20');
  const [seconds, setSeconds] = useState('30');
  const [keyPattern, setKeyPattern] = useState('user-{i}');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [started, setStarted] = useState<string | null>(null);
  const start = () => {
    const r = Number(rate);
    const s = Number(seconds);
    const pre: FieldErrors = {};
    if (!(r >= 0.1 && r <= 1000)) pre['rate'] = 'between 0.1 and 1000 records/s';
    if (!(s >= 1 && s <= 3600)) pre['seconds'] = 'between 1 and 3600 s';
    if (!client) pre['client'] = 'add a producer first';
    if (Object.keys(pre).length) return setErrors(pre);
    const count = Math.max(1, Math.round(r * s));
    const intervalMs = Math.max(1, Math.round(1000 / r));
    const errs = act({
      type: 'produce',
      client,
      topic,
      key: keyPattern === '' ? null : keyPattern,
      value: 'value-{i}',
      count,
      intervalMs,
    });
    setErrors(errs);
    setStarted(Object.keys(errs).length ? null : `${count} records to ${topic}, one every ${intervalMs} ms`);
  };
  return (
    <fieldset className="generator">
      <legend>Generator (same producer and topic)</legend>
      <div className="row">
        <Field label="Records per second" error={errors['rate'] ?? errors['intervalMs']}>
          {(p) => <input {...p} inputMode="decimal" value={rate} onChange={(e) => setRate(e.target.value)} />}
        </Field>
        <Field label="For (seconds)" error={errors['seconds'] ?? errors['count']}>
          {(p) => (
            <input {...p} inputMode="numeric" value={seconds} onChange={(e) => setSeconds(e.target.value)} />
          )}
        </Field>
        <Field label="Key pattern" error={errors['key']} hint="{i} counts 0, 1, 2…">
          {(p) => (
            <input
              {...p}
              value={keyPattern}
              onChange={(e) => setKeyPattern(e.target.value)}
              spellCheck={false}
            />
          )}
        </Field>
      </div>
      {(errors['client'] || errors['topic']) && (
        <p className="error" role="alert">
          {errors['client'] ?? errors['topic']}
        </p>
      )}
      <button type="button" onClick={start}>
        Start generator
      </button>
      {started && (
        <p className="form-status" role="status">
          Generator started: {started}.
        </p>
      )}
    </fieldset>
  );
}
