// Cluster health at a glance, in the words of Kafka's own metrics: each card turns red (with a cross,
// not only a colour) when something is wrong. At 0 ms nothing has run yet: no broker has registered in
// ZooKeeper and no controller is elected, as on any cluster starting up, so the cards wait, neutral,
// rather than raise alarms that only mean "not started" (a tour opens there, paused).
import { useStore } from '../store/index';

interface Card {
  label: string;
  value: string;
  bad: boolean;
  hint: string;
}

export function HealthCards() {
  const snap = useStore((s) => s.snapshot);
  if (!snap) return null;
  const ps = snap.partitions;
  const alive = snap.brokers.filter((b) => b.alive).length;
  const offline = ps.filter((p) => p.offline).length;
  const under = ps.filter((p) => p.underReplicated).length;
  const underMin = ps.filter((p) => p.underMinIsr).length;
  const starting = snap.time === 0;
  const cards: Card[] = [
    {
      label: 'Brokers online',
      value: `${alive} / ${snap.brokers.length}`,
      bad: alive < snap.brokers.length,
      hint: 'Broker processes running',
    },
    {
      label: 'Active controller',
      value: snap.controller !== null ? `broker ${snap.controller}` : 'none',
      bad: snap.controller === null,
      hint: 'The broker holding /controller in ZooKeeper (ActiveControllerCount)',
    },
    {
      label: 'Offline partitions',
      value: String(offline),
      bad: offline > 0,
      // Counted from the leader's process at once: the controller's own OfflinePartitionsCount only
      // follows when it notices, after the dead broker's ZooKeeper session expires.
      hint: 'Partitions with no live leader, counted at once; the controller’s OfflinePartitionsCount follows when the leader’s ZooKeeper session expires',
    },
    {
      label: 'Under-replicated partitions',
      value: String(under),
      bad: under > 0,
      hint: 'ISR smaller than the replica list (UnderReplicatedPartitions)',
    },
    {
      label: 'Under min ISR',
      value: String(underMin),
      bad: underMin > 0,
      hint: 'ISR smaller than min.insync.replicas: acks=all writes fail (UnderMinIsrPartitionCount)',
    },
  ];
  const state = (c: Card) => (starting ? 'starting' : c.bad ? 'bad' : 'ok');
  return (
    <>
      <ul className="health" aria-label="Cluster health">
        {cards.map((c) => (
          <li
            key={c.label}
            className={state(c)}
            title={c.hint}
            aria-label={`${c.label}: ${c.value}${
              starting ? ', the cluster is starting' : c.bad ? ', needs attention' : ''
            }`}
          >
            <span className="health-icon" aria-hidden="true">
              {starting ? '…' : c.bad ? '✕' : '✓'}
            </span>
            <span className="health-value">{c.value}</span>
            <span className="health-label">{c.label}</span>
          </li>
        ))}
      </ul>
      {starting && (
        <p className="health-note">
          Starting: in its first milliseconds the brokers register in ZooKeeper, one of them becomes the
          controller and the partitions get their leaders.
        </p>
      )}
    </>
  );
}
