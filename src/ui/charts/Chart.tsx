// A chart in React: the d3 chart is created once, updated with new data, destroyed on unmount.
import { useEffect, useRef } from 'react';
import { createLineChart, seriesColor, type ChartData, type LineChart } from './line-chart';
import { useReducedMotion } from '../canvas/use-reduced-motion';

export function Chart({ title, data, summary }: { title: string; data: ChartData; summary: string }) {
  const ref = useRef<SVGSVGElement>(null);
  const chart = useRef<LineChart | null>(null);
  const reduced = useReducedMotion();
  useEffect(() => {
    if (!ref.current) return;
    chart.current = createLineChart(ref.current, 460, 170);
    return () => {
      chart.current?.destroy();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.update(data, !reduced);
  }, [data, reduced]);
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <svg ref={ref} role="img" aria-label={`${title}: ${summary}`} />
      <ul className="chart-legend" aria-hidden="true">
        {data.series.map((s, i) => (
          <li key={s.name}>
            <svg width="18" height="6">
              <line
                x1="0"
                y1="3"
                x2="18"
                y2="3"
                stroke={seriesColor(i)}
                strokeWidth="2"
                strokeDasharray={i % 3 === 1 ? '5 3' : i % 3 === 2 ? '1.5 2.5' : undefined}
              />
            </svg>
            {s.name}
          </li>
        ))}
      </ul>
      {data.series.length === 0 && <p className="empty">No data yet.</p>}
    </figure>
  );
}
