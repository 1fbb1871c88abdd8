// With acks=1 and unclean leader election, the same faults lose acknowledged records in some seeds,
// and the checker says how.
import { describe, expect, it } from 'vitest';
import { sweep } from './fault-sweep.test-util';

describe('acks=1 with unclean leader election under seeded faults', () => {
  it('loses acknowledged writes in some seeds, each with its mechanism named', () => {
    const results = sweep(1, 60, { acks: '1', uncleanLeaderElection: true, faults: 8, durationMs: 24000 });
    const lost = results.flatMap((r) => r.violations.filter((v) => v.kind === 'lost-write'));
    expect(lost.length).toBeGreaterThan(0);
    for (const v of lost) {
      expect(v.allowedBy).toMatch(/^(acks=1|unclean\.leader\.election\.enable=true)$/);
      expect(v.cause).toMatch(/acks=1/);
    }
  }, 120_000);
});
