// Marker shapes for message kinds, on a 2D canvas and as SVG paths (for the legend): with colour, the
// shape says what a message is, and a hollow shape marks a response.
import type { CategoryStyle } from '../data/message-kinds';

export function drawShape(
  ctx: CanvasRenderingContext2D,
  shape: CategoryStyle['shape'],
  x: number,
  y: number,
  r: number,
  hollow: boolean,
): void {
  ctx.beginPath();
  switch (shape) {
    case 'circle':
    case 'ring':
      ctx.arc(x, y, shape === 'ring' ? r * 0.85 : r, 0, Math.PI * 2);
      break;
    case 'square':
      ctx.rect(x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7);
      break;
    case 'diamond':
      ctx.moveTo(x, y - r * 1.15);
      ctx.lineTo(x + r * 1.15, y);
      ctx.lineTo(x, y + r * 1.15);
      ctx.lineTo(x - r * 1.15, y);
      ctx.closePath();
      break;
    case 'triangle':
      ctx.moveTo(x, y - r * 1.15);
      ctx.lineTo(x + r * 1.1, y + r * 0.8);
      ctx.lineTo(x - r * 1.1, y + r * 0.8);
      ctx.closePath();
      break;
    case 'bar':
      ctx.rect(x - r * 1.2, y - r * 0.5, r * 2.4, r);
      break;
  }
  if (hollow || shape === 'ring') {
    ctx.lineWidth = shape === 'ring' ? 1.6 : 1.4;
    ctx.fillStyle = '#fff';
    ctx.fill();
    ctx.stroke();
  } else ctx.fill();
}

/** The same shapes as SVG path data, centred on (0, 0). */
export function shapePath(shape: CategoryStyle['shape'], r: number): string {
  switch (shape) {
    case 'circle':
    case 'ring':
      return `M ${-r} 0 A ${r} ${r} 0 1 0 ${r} 0 A ${r} ${r} 0 1 0 ${-r} 0 Z`;
    case 'square':
      return `M ${-r * 0.85} ${-r * 0.85} h ${r * 1.7} v ${r * 1.7} h ${-r * 1.7} Z`;
    case 'diamond':
      return `M 0 ${-r * 1.15} L ${r * 1.15} 0 L 0 ${r * 1.15} L ${-r * 1.15} 0 Z`;
    case 'triangle':
      return `M 0 ${-r * 1.15} L ${r * 1.1} ${r * 0.8} L ${-r * 1.1} ${r * 0.8} Z`;
    case 'bar':
      return `M ${-r * 1.2} ${-r * 0.5} h ${r * 2.4} v ${r} h ${-r * 2.4} Z`;
  }
}
