// Virtual time and speed as people read them.
export function formatTime(ms: number): string {
  if (ms < 1000) return `${ms.toFixed(ms % 1 === 0 ? 0 : 1)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(3)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${(s - m * 60).toFixed(1)} s`;
}

export function formatSpeed(x: number): string {
  if (x >= 10) return `${Math.round(x)}x`;
  if (x >= 1) return `${x.toFixed(1).replace(/\.0$/, '')}x`;
  return `${x.toFixed(2).replace(/0$/, '')}x`;
}

export const TONE_GLYPH = { fault: '⚡', bad: '✕', warn: '!', good: '✓', info: '•' } as const;
