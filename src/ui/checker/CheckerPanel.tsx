// The guarantee checker's findings, live as the cluster runs: each one in Maelstrom's words (lost write,
// duplicate, reorder, ...), where (partition and offsets), when, the cause in a sentence, and whether a
// setting allowed it (acks=1, unclean.leader.election.enable, ...) or nothing did: a broken guarantee.
// A finding is a button: it moves time to the cause and opens the partition inspector on its records.
import { useMemo } from 'react';
import { useStore } from '../store/index';
import { groupViolations, kindWords, offsetRanges, type Finding } from '../data/violations';
import { formatTime } from '../timeline/format';
import { jumpToFinding } from './jump';
import './checker.css';

function where(f: Finding): string {
  const tp = `${f.topic}-${f.partition}`;
  if (f.offsets.length === 0) return tp;
  return `${tp}, offset${f.offsets.length > 1 ? 's' : ''} ${offsetRanges(f.offsets)}`;
}

export default function CheckerPanel() {
  const violations = useStore((s) => s.violations);
  const time = useStore((s) => s.playback.time);
  const focus = useStore((s) => s.focus);
  const findings = useMemo(() => groupViolations(violations), [violations]);
  const broken = violations.filter((v) => !v.allowedBy).length;
  return (
    <div className="checker">
      <div className={`checker-summary ${violations.length === 0 ? 'ok' : broken ? 'bad' : 'allowed'}`}>
        <span className="health-icon" aria-hidden="true">
          {violations.length === 0 ? '✓' : broken ? '✕' : '⚠'}
        </span>
        <p role="status" aria-label="Checker summary">
          {violations.length === 0 ? (
            <strong>No violations found so far.</strong>
          ) : (
            <>
              <strong>
                {violations.length} violation{violations.length === 1 ? '' : 's'}
              </strong>{' '}
              in {findings.length} finding{findings.length === 1 ? '' : 's'}:{' '}
              {[
                broken ? `${broken} broke a guarantee (no setting allows it)` : '',
                violations.length - broken ? `${violations.length - broken} allowed by a setting` : '',
              ]
                .filter(Boolean)
                .join(', ')}
              .
            </>
          )}
        </p>
      </div>
      <p className="hint">
        The checker reads the journal as the cluster runs, from outside the brokers: every acknowledged record
        must stay in the partition, once and in order, and consumers must read only below the high watermark.
        Choose a finding to go to the moment of its cause.
      </p>
      {findings.length > 0 && (
        <ol className="findings" aria-label="Violations found">
          {findings.map((f) => {
            const w = kindWords(f.kind);
            const later = f.at > time;
            const current =
              focus?.topic === f.topic &&
              focus.partition === f.partition &&
              focus.kind === f.kind &&
              focus.at === f.at;
            const tag = f.allowedBy ? `allowed by ${f.allowedBy}` : 'guarantee broken';
            return (
              <li
                key={f.id}
                className={`finding ${f.allowedBy ? 'allowed' : 'broken'}${later ? ' later' : ''}${current ? ' current' : ''}`}
              >
                <button
                  type="button"
                  onClick={() => jumpToFinding(f)}
                  aria-label={`${w.title}: ${where(f)}, at ${formatTime(f.at)}, ${tag}. Jump there and inspect`}
                  aria-current={current ? 'true' : undefined}
                >
                  <span className="finding-head">
                    <span className="finding-kind">
                      <span aria-hidden="true">{w.icon}</span> {w.title}
                    </span>
                    <span className="finding-where">{where(f)}</span>
                    <time>{formatTime(f.at)}</time>
                    {later && <span className="finding-later">later in this run</span>}
                    <span className={`finding-tag ${f.allowedBy ? 'allowed' : 'broken'}`}>
                      <span aria-hidden="true">{f.allowedBy ? '⚙ ' : '✕ '}</span>
                      {tag}
                    </span>
                  </span>
                  <span className="finding-cause">{f.cause}</span>
                </button>
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}
