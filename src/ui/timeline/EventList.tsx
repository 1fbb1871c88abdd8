// Every meaningful event in plain words, oldest first; each one a button that moves time there.
// Events after the current time (already seen, before scrubbing back) are shaded as the future.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useStore } from '../store/index';
import type { TimelineItem } from '../data/types';
import { TONE_GLYPH, formatTime } from './format';

const KINDS: { id: string; label: string; match: (i: TimelineItem) => boolean }[] = [
  { id: 'all', label: 'Everything', match: () => true },
  {
    id: 'faults',
    label: 'Faults and recoveries',
    match: (i) => i.kind === 'broker' || i.kind === 'network' || i.kind === 'client' || i.kind === 'zk',
  },
  {
    id: 'leaders',
    label: 'Leaders and ISR',
    match: (i) => i.kind === 'leader' || i.kind === 'isr' || i.kind === 'controller',
  },
  { id: 'groups', label: 'Consumer groups', match: (i) => i.kind === 'group' },
  {
    id: 'clients',
    label: 'Producers and topics',
    match: (i) => i.kind === 'producer' || i.kind === 'topic' || i.kind === 'log',
  },
];

export function EventList() {
  const driver = useStore((s) => s.driver);
  const version = useStore((s) => s.historyVersion);
  const time = useStore((s) => s.playback.time);
  const [filter, setFilter] = useState('all');
  const listRef = useRef<HTMLOListElement>(null);
  const items = useMemo(() => {
    void version;
    const m = KINDS.find((k) => k.id === filter)!.match;
    return (driver?.digest.timeline ?? []).filter(m).slice(-400);
  }, [driver, version, filter]);
  const pastCount = items.filter((i) => i.time <= time).length;
  useEffect(() => {
    const el = listRef.current;
    if (!el) return;
    const target = el.children[Math.max(0, pastCount - 1)] as HTMLElement | undefined;
    if (target) el.scrollTop = Math.max(0, target.offsetTop - el.clientHeight + target.clientHeight + 8);
  }, [pastCount]);
  return (
    <section className="panel events" aria-labelledby="events-title">
      <div className="panel-head">
        <h2 id="events-title">Timeline</h2>
        <select aria-label="Show events" value={filter} onChange={(e) => setFilter(e.target.value)}>
          {KINDS.map((k) => (
            <option key={k.id} value={k.id}>
              {k.label}
            </option>
          ))}
        </select>
      </div>
      {items.length === 0 ? (
        <p className="empty">Nothing has happened yet. Press Play, or act on the cluster.</p>
      ) : (
        <ol ref={listRef} className="event-list" aria-label="Events">
          {items.map((i) => (
            <li key={i.seq} className={`tone-${i.tone}${i.time > time ? ' future' : ''}`}>
              <button
                type="button"
                onClick={() => {
                  driver?.pause();
                  driver?.seek(i.time);
                }}
                aria-label={`${i.text}, at ${formatTime(i.time)}: jump there`}
              >
                <span className="glyph" aria-hidden="true">
                  {TONE_GLYPH[i.tone]}
                </span>
                <time>{formatTime(i.time)}</time>
                <span className="text">{i.text}</span>
              </button>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
