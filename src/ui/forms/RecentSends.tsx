// The records produced lately, followed through the journal: pending, then the partition and offset the
// leader gave them (or the error). Same key, same colour, and (default partitioner) same partition.
import { useMemo } from 'react';
import { useStore } from '../store/index';
import { keyColor } from '../inspector/key-color';

export function RecentSends() {
  const driver = useStore((s) => s.driver);
  const version = useStore((s) => s.historyVersion);
  const sends = useMemo(() => {
    void version;
    return (driver?.digest.sends ?? []).slice(-12).reverse();
  }, [driver, version]);
  if (sends.length === 0) return null;
  return (
    <table className="sends" aria-label="Recent sends">
      <caption>Recent sends</caption>
      <thead>
        <tr>
          <th scope="col">Key</th>
          <th scope="col">Value</th>
          <th scope="col">Result</th>
        </tr>
      </thead>
      <tbody>
        {sends.map((s) => (
          <tr key={`${s.client}-${s.id}`}>
            <td>
              <span className="swatch" style={{ background: keyColor(s.key) }} aria-hidden="true" />
              {s.key ?? 'null'}
            </td>
            <td>{s.value ?? '∅'}</td>
            <td className={s.status === 'failed' ? 'bad-text' : ''}>
              {s.status === 'acked'
                ? `${s.topic}-${s.partition} @ offset ${s.offset ?? '?'}`
                : s.status === 'failed'
                  ? `failed: ${s.error}`
                  : 'pending…'}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
