// A small d3 line chart behind a factory with update/destroy (the React Flow habit): scales, axes,
// one path per series with a legend, and a "now" cursor. Transitions are skipped for reduced motion.
import {
  axisBottom,
  axisLeft,
  curveStepAfter,
  curveMonotoneX,
  line,
  scaleLinear,
  scaleOrdinal,
  select,
  type Selection,
} from 'd3';

export interface Series {
  name: string;
  points: { t: number; v: number }[];
}

export interface ChartData {
  series: Series[];
  /** [0, end] in virtual ms. */
  end: number;
  now: number;
  step: boolean;
  yLabel: string;
  /** A dashed reference line (e.g. min.insync.replicas). */
  reference?: { v: number; label: string };
  yMin?: number;
}

const PALETTE = ['#2563eb', '#ea580c', '#059669', '#7c3aed', '#db2777', '#0891b2', '#ca8a04', '#64748b'];
const M = { top: 10, right: 12, bottom: 22, left: 40 };

export interface LineChart {
  update(d: ChartData, animate: boolean): void;
  destroy(): void;
}

export function createLineChart(svgEl: SVGSVGElement, width: number, height: number): LineChart {
  const svg = select(svgEl).attr('viewBox', `0 0 ${width} ${height}`);
  const g = svg.append('g').attr('transform', `translate(${M.left},${M.top})`);
  const w = width - M.left - M.right;
  const h = height - M.top - M.bottom;
  const xAxis = g.append('g').attr('class', 'axis').attr('transform', `translate(0,${h})`);
  const yAxis = g.append('g').attr('class', 'axis');
  const ref = g.append('line').attr('class', 'ref-line');
  const refLabel = g.append('text').attr('class', 'ref-label');
  const paths = g.append('g');
  const cursor = g.append('line').attr('class', 'now-line').attr('y1', 0).attr('y2', h);
  const yTitle = svg.append('text').attr('class', 'axis-title').attr('x', 4).attr('y', 9);
  const color = scaleOrdinal<string, string>(PALETTE);

  return {
    update(d, animate) {
      const x = scaleLinear()
        .domain([0, Math.max(1000, d.end)])
        .range([0, w]);
      let yMax = d.reference?.v ?? 1;
      for (const s of d.series) for (const p of s.points) if (p.v > yMax) yMax = p.v;
      const y = scaleLinear()
        .domain([d.yMin ?? 0, yMax * 1.1])
        .nice()
        .range([h, 0]);
      const dur = animate ? 250 : 0;
      xAxis.call(
        axisBottom(x)
          .ticks(6)
          .tickFormat((t) => `${Math.round(Number(t) / 1000)}s`),
      );
      yAxis.call(axisLeft(y).ticks(4));
      yTitle.text(d.yLabel);
      if (d.reference) {
        ref
          .attr('x1', 0)
          .attr('x2', w)
          .attr('y1', y(d.reference.v))
          .attr('y2', y(d.reference.v))
          .attr('visibility', 'visible');
        refLabel
          .attr('x', w - 4)
          .attr('y', y(d.reference.v) - 3)
          .attr('text-anchor', 'end')
          .text(d.reference.label);
      } else {
        ref.attr('visibility', 'hidden');
        refLabel.text('');
      }
      const gen = line<{ t: number; v: number }>()
        .x((p) => x(p.t))
        .y((p) => y(p.v))
        .curve(d.step ? curveStepAfter : curveMonotoneX);
      const sel = paths
        .selectAll<SVGPathElement, Series>('path')
        .data(d.series, (s) => s.name)
        .join('path')
        .attr('class', 'series')
        .attr('stroke', (s) => color(s.name))
        .attr('stroke-dasharray', (_s, i) => (i % 3 === 1 ? '5 3' : i % 3 === 2 ? '1.5 2.5' : null));
      (dur
        ? (sel.transition().duration(dur) as unknown as Selection<
            SVGPathElement,
            Series,
            SVGGElement,
            unknown
          >)
        : sel
      ).attr('d', (s) =>
        gen(s.points.length === 1 ? [s.points[0]!, { t: d.now, v: s.points[0]!.v }] : s.points),
      );
      cursor.attr('x1', x(d.now)).attr('x2', x(d.now));
    },
    destroy() {
      svg.selectAll('*').remove();
    },
  };
}

export const seriesColor = (i: number) => PALETTE[i % PALETTE.length]!;
