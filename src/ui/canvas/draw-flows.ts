// Draws messages on the canvas as a pure function of virtual time, RaftScope's rule: a message sent at
// s and delivered at d is drawn at (now - s) / (d - s) along its link. Each frame is a camera exposure
// covering the virtual time one frame shows (speed x 16.7 ms): a message faster than a frame leaves a
// streak instead of vanishing. Where one link carries too many messages to draw, the link itself is
// drawn thicker and denser instead (aggregated flow), never a node per message.
import { CATEGORIES } from '../data/message-kinds';
import type { Flight, MsgCategory } from '../data/types';
import { curveBetween, pointOn, type Box, type Curve } from './layout';
import { drawShape } from './shapes';

export interface DrawInput {
  flights: readonly Flight[];
  time: number;
  speed: number;
  nodes: Record<string, Box>;
  hidden: Partial<Record<MsgCategory, boolean>>;
  showMessages: boolean;
  reducedMotion: boolean;
  /** View units -> canvas pixels. */
  scale: number;
}

/** Virtual ms covered by one frame at this speed (60 frames a second). */
export const exposureMs = (speed: number) => speed * (1000 / 60);
/** More messages than this on one link within one exposure: draw the flow, not the messages. */
const MAX_DOTS_PER_LINK = 10;
const MAX_DOTS = 700;

interface LinkFlow {
  curve: Curve;
  count: number;
  byCat: Map<MsgCategory, number>;
  dots: Flight[];
}

export function drawFlows(ctx: CanvasRenderingContext2D, inp: DrawInput): { dots: number; flows: number } {
  const { time: v, speed, nodes } = inp;
  const exposure = exposureMs(speed);
  // Flows count the traffic of the last half second of real time.
  const flowWindow = Math.max(40, speed * 500);
  const links = new Map<string, LinkFlow>();
  const curveCache = new Map<string, Curve>();
  for (let i = inp.flights.length - 1; i >= 0; i--) {
    const f = inp.flights[i]!;
    if (f.sentAt > v) continue;
    if (f.sentAt < v - flowWindow - 60000) break;
    if (inp.hidden[f.category]) continue;
    const end = f.droppedAt ?? f.deliverAt;
    if (end < v - flowWindow) continue;
    const a = nodes[f.from];
    const b = nodes[f.to];
    if (!a || !b) continue;
    const key = `${f.from}>${f.to}`;
    let link = links.get(key);
    if (!link) {
      let curve = curveCache.get(key);
      if (!curve) {
        const bothBrokers = f.from.startsWith('broker-') && f.to.startsWith('broker-');
        curve = curveBetween(a, b, bothBrokers ? 0.14 : 0.05);
        curveCache.set(key, curve);
      }
      link = { curve, count: 0, byCat: new Map(), dots: [] };
      links.set(key, link);
    }
    link.count++;
    link.byCat.set(f.category, (link.byCat.get(f.category) ?? 0) + 1);
    if (end >= v - exposure) link.dots.push(f);
  }

  const s = inp.scale;
  ctx.save();
  ctx.lineCap = 'round';
  let flows = 0;
  // Links first: width grows with the message rate, colour from the busiest kind.
  for (const link of links.values()) {
    let top: MsgCategory = 'metadata';
    let topN = -1;
    for (const [c, n] of link.byCat) if (n > topN) [top, topN] = [c, n];
    const perVirtualSecond = link.count / (flowWindow / 1000);
    const width = Math.min(9, 0.8 + Math.log2(1 + perVirtualSecond / 40));
    const c = link.curve;
    ctx.beginPath();
    ctx.moveTo(c.x0 * s, c.y0 * s);
    ctx.quadraticCurveTo(c.cx * s, c.cy * s, c.x1 * s, c.y1 * s);
    ctx.strokeStyle = CATEGORIES[top].color;
    const aggregated = !inp.showMessages || link.dots.length > MAX_DOTS_PER_LINK;
    ctx.globalAlpha = aggregated ? 0.55 : 0.18;
    ctx.lineWidth = width * s;
    if (aggregated && !inp.reducedMotion) {
      // Dashes marching towards the receiver, at a pace set by virtual time.
      ctx.setLineDash([7 * s, 7 * s]);
      ctx.lineDashOffset = -((v / Math.max(speed, 0.1) / 25) % 14) * s;
      flows++;
    } else ctx.setLineDash([]);
    ctx.stroke();
  }
  ctx.setLineDash([]);
  ctx.globalAlpha = 1;

  let dots = 0;
  if (inp.showMessages) {
    for (const link of links.values()) {
      if (link.dots.length > MAX_DOTS_PER_LINK) continue;
      for (const f of link.dots) {
        if (dots >= MAX_DOTS) break;
        const span = Math.max(f.deliverAt - f.sentAt, 1e-6);
        const stopAt = f.droppedAt ?? f.deliverAt;
        const t1 = Math.min(1, (Math.min(v, stopAt) - f.sentAt) / span);
        const t0 = Math.max(0, (v - exposure - f.sentAt) / span);
        const style = CATEGORIES[f.category];
        const [x, y] = pointOn(link.curve, t1);
        ctx.strokeStyle = style.color;
        ctx.fillStyle = style.color;
        if (!inp.reducedMotion && t1 - t0 > 0.04 && f.droppedAt === null) {
          const [xa, ya] = pointOn(link.curve, t0);
          const [xm, ym] = pointOn(link.curve, (t0 + t1) / 2);
          ctx.globalAlpha = 0.35;
          ctx.lineWidth = 2.2 * s;
          ctx.beginPath();
          ctx.moveTo(xa * s, ya * s);
          ctx.quadraticCurveTo((2 * xm - (xa + x) / 2) * s, (2 * ym - (ya + y) / 2) * s, x * s, y * s);
          ctx.stroke();
          ctx.globalAlpha = 1;
        }
        if (f.droppedAt !== null && v >= f.droppedAt) {
          // A lost message: a red cross where it died.
          ctx.strokeStyle = '#dc2626';
          ctx.lineWidth = 2 * s;
          ctx.beginPath();
          ctx.moveTo((x - 4) * s, (y - 4) * s);
          ctx.lineTo((x + 4) * s, (y + 4) * s);
          ctx.moveTo((x + 4) * s, (y - 4) * s);
          ctx.lineTo((x - 4) * s, (y + 4) * s);
          ctx.stroke();
        } else {
          ctx.lineWidth = 1.5 * s;
          drawShape(ctx, style.shape, x * s, y * s, 4 * s, f.response);
        }
        dots++;
      }
    }
  }
  ctx.restore();
  return { dots, flows };
}
