// The charts tab (loaded on demand): throughput per topic, smallest ISR per topic, lag per group.
import { useMemo } from 'react';
import { useStore } from '../store/index';
import { Chart } from './Chart';
import { lagSeries, minIsrSeries, throughputSeries } from './series';
import type { ChartData } from './line-chart';

export default function Charts() {
  const driver = useStore((s) => s.driver);
  const version = useStore((s) => s.historyVersion);
  const now = useStore((s) => s.playback.time);
  const maxTime = useStore((s) => s.playback.maxTime);
  const minIsr = useStore((s) => Number(s.snapshot?.brokerConfig['min.insync.replicas'] ?? 1));
  // Recompute at most once per 250 virtual ms (or when history changes a lot).
  const coarse = Math.floor(now / 250);
  const data = useMemo(() => {
    void version;
    void coarse;
    const d = driver!.digest;
    const end = Math.max(maxTime, now, 1000);
    const throughput: ChartData = {
      series: throughputSeries(d.appends, end),
      end,
      now,
      step: false,
      yLabel: 'records/s',
    };
    const isr: ChartData = {
      series: minIsrSeries(d.isrSamples),
      end,
      now,
      step: true,
      yLabel: 'smallest ISR',
      reference: { v: minIsr, label: `min.insync.replicas=${minIsr}` },
    };
    const lag: ChartData = {
      series: lagSeries(d.lagSamples),
      end,
      now,
      step: false,
      yLabel: 'records behind',
    };
    return { throughput, isr, lag };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [driver, Math.floor(version / 20), coarse, maxTime, minIsr]);
  const last = (c: ChartData) =>
    c.series.map((s) => `${s.name} ${Math.round(s.points[s.points.length - 1]?.v ?? 0)}`).join(', ') ||
    'no data yet';
  return (
    <div className="charts">
      <Chart
        title="Throughput per topic (records/s appended)"
        data={data.throughput}
        summary={last(data.throughput)}
      />
      <Chart title="Smallest ISR per topic" data={data.isr} summary={last(data.isr)} />
      <Chart title="Consumer lag per group" data={data.lag} summary={last(data.lag)} />
    </div>
  );
}
