// Chart series from the journal digest: throughput per topic (records appended by leaders per second),
// the smallest ISR of each topic over time, and each group's total lag.
import type { AppendSample, SizeSample } from '../data/digest';
import type { Series } from './line-chart';

export function bucketMs(end: number): number {
  if (end <= 60_000) return 1000;
  if (end <= 300_000) return 5000;
  return 15_000;
}

export function throughputSeries(appends: readonly AppendSample[], end: number): Series[] {
  const b = bucketMs(end);
  const byTopic = new Map<string, Map<number, number>>();
  for (const a of appends) {
    if (a.topic.startsWith('__')) continue;
    const m = byTopic.get(a.topic) ?? new Map<number, number>();
    const k = Math.floor(a.time / b);
    m.set(k, (m.get(k) ?? 0) + a.records);
    byTopic.set(a.topic, m);
  }
  const last = Math.floor(end / b);
  return [...byTopic].map(([name, m]) => ({
    name,
    points: Array.from({ length: last + 1 }, (_, k) => ({ t: k * b, v: ((m.get(k) ?? 0) * 1000) / b })),
  }));
}

export function minIsrSeries(samples: readonly SizeSample[]): Series[] {
  const current = new Map<string, Map<string, number>>();
  const out = new Map<string, { t: number; v: number }[]>();
  for (const s of samples) {
    const dash = s.key.lastIndexOf('-');
    const topic = s.key.slice(0, dash);
    if (topic.startsWith('__')) continue;
    const m = current.get(topic) ?? new Map<string, number>();
    m.set(s.key, s.value);
    current.set(topic, m);
    const pts = out.get(topic) ?? [];
    const v = Math.min(...m.values());
    if (pts.length && pts[pts.length - 1]!.t === s.time) pts[pts.length - 1]!.v = v;
    else pts.push({ t: s.time, v });
    out.set(topic, pts);
  }
  return [...out].map(([name, points]) => ({ name, points }));
}

export function lagSeries(samples: readonly SizeSample[]): Series[] {
  const out = new Map<string, { t: number; v: number }[]>();
  for (const s of samples) {
    const pts = out.get(s.key) ?? [];
    pts.push({ t: s.time, v: s.value });
    out.set(s.key, pts);
  }
  return [...out].map(([name, points]) => ({ name, points }));
}
