// The detail views, in tabs: topics, the partition inspector, groups, ZooKeeper, charts. The heavier
// ones load on demand.
import { lazy, Suspense } from 'react';
import { useStore } from '../store/index';
import type { BottomTab } from '../store/ui-slice';
import { Tabs } from './Tabs';
import { TopicTable } from './TopicTable';
import { GroupsPanel } from './GroupsPanel';

const PartitionInspector = lazy(() => import('../inspector/PartitionInspector'));
const ZkTree = lazy(() => import('./ZkTree'));
const Charts = lazy(() => import('../charts/Charts'));
const CheckerPanel = lazy(() => import('../checker/CheckerPanel'));

export function BottomPanel() {
  const tab = useStore((s) => s.bottomTab);
  const setTab = useStore((s) => s.setBottomTab);
  const selected = useStore((s) => s.selected);
  const groups = useStore((s) => s.snapshot?.groups.length ?? 0);
  const violations = useStore((s) => s.violations.length);
  const tabs: { id: BottomTab; label: string; badge?: string }[] = [
    { id: 'topics', label: 'Topics' },
    {
      id: 'inspector',
      label: 'Partition inspector',
      ...(selected ? { badge: `${selected.topic}-${selected.partition}` } : {}),
    },
    { id: 'groups', label: 'Consumer groups', ...(groups ? { badge: String(groups) } : {}) },
    { id: 'zookeeper', label: 'ZooKeeper' },
    { id: 'charts', label: 'Charts' },
    { id: 'checker', label: 'Guarantee checker', ...(violations ? { badge: `✕ ${violations}` } : {}) },
  ];
  return (
    <section className="panel details" aria-label="Details">
      <Tabs label="Details" tabs={tabs} value={tab} onChange={setTab} idPrefix="details">
        <Suspense fallback={<p className="empty">Loading…</p>}>
          {tab === 'topics' && <TopicTable />}
          {tab === 'inspector' && <PartitionInspector />}
          {tab === 'groups' && <GroupsPanel />}
          {tab === 'zookeeper' && <ZkTree />}
          {tab === 'charts' && <Charts />}
          {tab === 'checker' && <CheckerPanel />}
        </Suspense>
      </Tabs>
    </section>
  );
}
