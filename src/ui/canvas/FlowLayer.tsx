// The canvas under the node cards: links and messages in flight, redrawn on every animation frame from
// the driver's journal digest (no React render per frame, no DOM node per message).
import { useEffect, useRef } from 'react';
import { useStore } from '../store/index';
import { drawFlows } from './draw-flows';
import { VIEW_H, VIEW_W, type Box } from './layout';
import { useReducedMotion } from './use-reduced-motion';

export function FlowLayer({ nodes }: { nodes: Record<string, Box> }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const driver = useStore((s) => s.driver);
  const hidden = useStore((s) => s.hidden);
  const showMessages = useStore((s) => s.showMessages);
  const reducedMotion = useReducedMotion();
  const nodesRef = useRef(nodes);
  useEffect(() => {
    nodesRef.current = nodes;
  }, [nodes]);

  useEffect(() => {
    const canvas = ref.current;
    if (!canvas || !driver) return;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    let last = '';
    const draw = (time: number) => {
      const speed = useStore.getState().playback.speed;
      const w = canvas.clientWidth;
      const dpr = Math.min(2, window.devicePixelRatio || 1);
      const pxW = Math.round(w * dpr);
      const pxH = Math.round((w * VIEW_H * dpr) / VIEW_W);
      const key = `${time}|${speed}|${pxW}|${driver.digest.flights.length}`;
      if (key === last) return;
      last = key;
      if (canvas.width !== pxW || canvas.height !== pxH) {
        canvas.width = pxW;
        canvas.height = pxH;
      }
      ctx.clearRect(0, 0, pxW, pxH);
      drawFlows(ctx, {
        flights: driver.digest.flights,
        time,
        speed,
        nodes: nodesRef.current,
        hidden,
        showMessages,
        reducedMotion,
        scale: pxW / VIEW_W,
      });
    };
    return driver.onTick((time) => draw(time));
  }, [driver, hidden, showMessages, reducedMotion]);

  return <canvas ref={ref} className="flow-layer" aria-hidden="true" />;
}
