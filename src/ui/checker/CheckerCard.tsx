// The guarantee checker at a glance, beside the health cards: how many violations it found so far,
// and whether a setting allowed them. A button: it opens the checker's list.
import { useMemo } from 'react';
import { useStore } from '../store/index';
import './checker.css';

export function CheckerCard() {
  const violations = useStore((s) => s.violations);
  const hasDriver = useStore((s) => s.driver !== null);
  const setTab = useStore((s) => s.setBottomTab);
  const broken = useMemo(() => violations.filter((v) => !v.allowedBy).length, [violations]);
  if (!hasDriver) return null;
  const n = violations.length;
  const state = n === 0 ? 'ok' : broken > 0 ? 'bad' : 'allowed';
  const detail =
    n === 0
      ? 'none found so far'
      : broken > 0
        ? `${broken} with no setting allowing it`
        : 'all allowed by a setting';
  return (
    <button
      type="button"
      className={`checker-card ${state}`}
      aria-label={`Guarantee violations: ${n}, ${detail}. Open the guarantee checker`}
      title="The guarantee checker reads the journal: lost writes, duplicates, reorders, reads past the high watermark"
      onClick={() => {
        setTab('checker');
        document.getElementById('details-panel')?.scrollIntoView({ block: 'nearest' });
      }}
    >
      <span className="health-icon" aria-hidden="true">
        {n === 0 ? '✓' : broken > 0 ? '✕' : '⚠'}
      </span>
      <span className="health-value">{n}</span>
      <span className="health-label">Guarantee violations · {detail}</span>
    </button>
  );
}
