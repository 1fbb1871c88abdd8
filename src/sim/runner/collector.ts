// Collects, from the journal, what the headless result reports about clients: every delivery report of
// every producer, and every record consumers processed. Reading the journal (not the clients' memory)
// keeps what happened even after a client crashed.
import type { JournalEntry } from '../net/journal';
import type { ConsumerResult, ProducerResult } from './result';

export interface ClientCollector {
  producers: Record<string, ProducerResult>;
  consumers: Record<string, ConsumerResult>;
  listener: (e: JournalEntry) => void;
}

interface AckEvent {
  type: 'producer.ack';
  client: string;
  topic: string;
  partition: number;
  records: { key: string | null; value: string | null; offset: number }[];
}
interface ErrorEvent {
  type: 'producer.error';
  client: string;
  topic: string;
  partition: number;
  error: string;
  message: string | null;
  records: { key: string | null; value: string | null }[];
}
interface ConsumedEvent {
  type: 'consumer.processed';
  client: string;
  groupId: string;
  topic: string;
  partition: number;
  records: { key: string | null; value: string | null; offset: number }[];
}

export function createClientCollector(): ClientCollector {
  const producers: Record<string, ProducerResult> = {};
  const consumers: Record<string, ConsumerResult> = {};
  const producer = (id: string) => (producers[id] ??= { clientId: id, acked: [], failed: [] });
  const listener = (e: JournalEntry) => {
    if (e.kind !== 'event') return;
    const ev = e.event;
    if (ev.type === 'client.started') {
      const c = ev as unknown as { client: string; role: string; groupId?: string };
      if (c.role === 'producer') producer(c.client);
      else consumers[c.client] ??= { clientId: c.client, groupId: c.groupId ?? '', consumed: [] };
    } else if (ev.type === 'producer.ack') {
      const a = ev as unknown as AckEvent;
      const p = producer(a.client);
      for (const r of a.records)
        p.acked.push({
          topic: a.topic,
          partition: a.partition,
          offset: r.offset,
          key: r.key,
          value: r.value,
        });
    } else if (ev.type === 'producer.error') {
      const a = ev as unknown as ErrorEvent;
      const p = producer(a.client);
      for (const r of a.records) {
        p.failed.push({
          topic: a.topic,
          ...(a.partition >= 0 ? { partition: a.partition } : {}),
          key: r.key,
          value: r.value,
          error: a.error,
          ...(a.message ? { message: a.message } : {}),
        });
      }
    } else if (ev.type === 'consumer.processed') {
      const a = ev as unknown as ConsumedEvent;
      const c = (consumers[a.client] ??= { clientId: a.client, groupId: a.groupId, consumed: [] });
      for (const r of a.records)
        c.consumed.push({
          topic: a.topic,
          partition: a.partition,
          offset: r.offset,
          key: r.key,
          value: r.value,
        });
    }
  };
  return { producers, consumers, listener };
}
