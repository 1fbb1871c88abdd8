// Seeds 251-500 of the safe fault sweep: RF 3, acks=all, min.insync.replicas=2, unclean election off,
// idempotence on. No guarantee may break; consumer re-deliveries after crashes are allowed (auto-commit).
import { describe, expect, it } from 'vitest';
import { assertSafe, sweep } from './fault-sweep.test-util';

describe('the safe configuration under seeded faults', () => {
  it('breaks no guarantee in seeds 251-500', () => {
    const results = sweep(251, 500);
    expect(results).toHaveLength(250);
    assertSafe(results);
  }, 120_000);
});
