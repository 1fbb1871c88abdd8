// The actions a person can take, in tabs: topics, produce, brokers, network, clients.
import { useStore } from '../store/index';
import type { ActionTab } from '../store/ui-slice';
import { CreateTopicForm } from './CreateTopicForm';
import { ProduceForm } from './ProduceForm';
import { BrokerControls } from './BrokerControls';
import { NetworkForm } from './NetworkForm';
import { ClientForms } from './ClientForms';
import { Tabs } from '../panels/Tabs';

const TABS: { id: ActionTab; label: string }[] = [
  { id: 'topics', label: 'Topics' },
  { id: 'produce', label: 'Produce' },
  { id: 'brokers', label: 'Brokers' },
  { id: 'network', label: 'Network' },
  { id: 'clients', label: 'Clients' },
];

export function ActionPanel() {
  const tab = useStore((s) => s.actionTab);
  const setTab = useStore((s) => s.setActionTab);
  return (
    <section className="panel actions" aria-labelledby="actions-title">
      <h2 id="actions-title">Act on the cluster</h2>
      <Tabs label="Actions" tabs={TABS} value={tab} onChange={setTab} idPrefix="act">
        {tab === 'topics' && <CreateTopicForm />}
        {tab === 'produce' && <ProduceForm />}
        {tab === 'brokers' && <BrokerControls />}
        {tab === 'network' && <NetworkForm />}
        {tab === 'clients' && <ClientForms />}
      </Tabs>
    </section>
  );
}
