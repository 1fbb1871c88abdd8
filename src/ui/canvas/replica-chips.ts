// What each broker card shows: the partition replicas it hosts, by topic, each as leader, in-sync
// follower, out-of-sync follower or offline. The role is what the broker itself believes (its view);
// the ISR is the controller's (ZooKeeper's), so a leader the controller has replaced shows as stale.
import type { BrokerSnap, PartitionSnap, TopicSnap } from '../data/types';

export type ChipRole = 'leader' | 'stale-leader' | 'insync' | 'outofsync' | 'offline';

export interface Chip {
  topic: string;
  partition: number;
  role: ChipRole;
  label: string;
}

export interface ChipRow {
  topic: string;
  chips: Chip[];
  /** Internal topics are summarised, not drawn replica by replica. */
  summary: string | null;
}

export const ROLE_TEXT: Record<ChipRole, string> = {
  leader: 'leader',
  'stale-leader': 'believes it leads, but the controller elected another leader',
  insync: 'in-sync follower',
  outofsync: 'out-of-sync follower',
  offline: 'offline',
};

export function chipRole(b: BrokerSnap, p: PartitionSnap): ChipRole {
  if (!b.alive) return 'offline';
  const view = b.replicas.find((r) => r.topic === p.topic && r.partition === p.partition);
  if (!view || view.role === 'offline') return 'offline';
  if (view.role === 'leader') return p.leader === b.id ? 'leader' : 'stale-leader';
  return p.isr.includes(b.id) ? 'insync' : 'outofsync';
}

export function chipRows(b: BrokerSnap, topics: TopicSnap[], partitions: PartitionSnap[]): ChipRow[] {
  const rows: ChipRow[] = [];
  for (const t of topics) {
    const mine = partitions.filter((p) => p.topic === t.name && p.replicas.includes(b.id));
    if (mine.length === 0) continue;
    const chips = mine.map((p) => ({
      topic: p.topic,
      partition: p.partition,
      role: chipRole(b, p),
      label: String(p.partition),
    }));
    if (t.name.startsWith('__')) {
      const leaders = chips.filter((c) => c.role === 'leader').length;
      rows.push({ topic: t.name, chips: [], summary: `${chips.length} replicas, ${leaders} lead` });
    } else rows.push({ topic: t.name, chips, summary: null });
  }
  return rows;
}
