// The settings that decide what a failure does to your data, kept in sight: acks per producer,
// min.insync.replicas, unclean leader election and each topic's replication factor.
import { useStore } from '../store/index';

export function OutcomeSettings() {
  const snap = useStore((s) => s.snapshot);
  if (!snap) return null;
  const cfg = snap.brokerConfig;
  const producers = snap.clients.filter((c) => c.type === 'producer');
  const topics = snap.topics.filter((t) => !t.name.startsWith('__'));
  return (
    <section className="outcome" aria-labelledby="outcome-title">
      <h2 id="outcome-title">Settings that decide the outcome</h2>
      <dl>
        <div>
          <dt>min.insync.replicas</dt>
          <dd>{String(cfg['min.insync.replicas'])}</dd>
        </div>
        <div>
          <dt>unclean.leader.election.enable</dt>
          <dd>{String(cfg['unclean.leader.election.enable'])}</dd>
        </div>
        <div>
          <dt>replica.lag.time.max.ms</dt>
          <dd>{String(cfg['replica.lag.time.max.ms'])}</dd>
        </div>
        {producers.map((p) => (
          <div key={p.id}>
            <dt>{p.id}: acks</dt>
            <dd>
              {String(p.config['acks'] ?? 'all')}
              {p.config['enable.idempotence'] === false || String(p.config['acks']) !== 'all'
                ? ''
                : ', idempotent'}
            </dd>
          </div>
        ))}
        {topics.map((t) => (
          <div key={t.name}>
            <dt>{t.name}: replication factor</dt>
            <dd>
              {t.replicationFactor}
              {t.config['min.insync.replicas'] !== undefined
                ? `, min ISR ${String(t.config['min.insync.replicas'])}`
                : ''}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
