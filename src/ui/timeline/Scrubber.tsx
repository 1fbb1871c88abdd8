// The time slider: drag or use the arrow keys to move along the run; events are ticks on the track
// (shape and colour by tone), the future already recorded is shaded. Moving back replays from a checkpoint.
import { useMemo } from 'react';
import { scaleLinear } from 'd3';
import { useStore } from '../store/index';
import { formatTime } from './format';

const W = 1000;

export function Scrubber() {
  const driver = useStore((s) => s.driver);
  const playback = useStore((s) => s.playback);
  const version = useStore((s) => s.historyVersion);
  const end = Math.max(playback.maxTime, playback.time, 1000);
  const x = useMemo(() => scaleLinear().domain([0, end]).range([0, W]), [end]);
  const ticks = useMemo(() => {
    void version;
    const items = driver?.digest.timeline ?? [];
    return items.filter((i) => i.tone !== 'info').slice(-600);
  }, [driver, version]);
  if (!driver) return null;
  return (
    <div className="scrubber">
      <svg viewBox={`0 0 ${W} 22`} preserveAspectRatio="none" aria-hidden="true">
        <rect x={0} y={8} width={W} height={6} rx={3} className="track" />
        <rect x={0} y={8} width={x(playback.time)} height={6} rx={3} className="track-past" />
        {ticks.map((t) => (
          <rect
            key={t.seq}
            x={x(t.time) - 1}
            y={t.tone === 'fault' ? 1 : 4}
            width={2}
            height={t.tone === 'fault' ? 20 : 14}
            className={`tick tone-${t.tone}`}
          />
        ))}
      </svg>
      <input
        type="range"
        min={0}
        max={end}
        step={1}
        value={Math.min(playback.time, end)}
        aria-label="Virtual time"
        aria-valuetext={formatTime(playback.time)}
        onChange={(e) => driver.seek(Number(e.target.value))}
      />
      <div className="scrubber-scale" aria-hidden="true">
        <span>0 s</span>
        <span>{formatTime(end)}</span>
      </div>
    </div>
  );
}
