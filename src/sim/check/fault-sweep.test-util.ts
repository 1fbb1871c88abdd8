// Runs seeded fault schedules and fails with the seed and a scenario file that replays it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { runScenario, type Violation } from '../index';
import { faultScenario, type FaultProfile, SAFE_PROFILE } from './faults';

/** Kinds that break Kafka's guarantees (the others follow from a consumer's delivery mode). */
export const GUARANTEE_KINDS = [
  'lost-write',
  'duplicate',
  'reorder',
  'read-uncommitted',
  'divergent-replicas',
  'two-leaders',
];

export function sweep(
  from: number,
  to: number,
  profile: FaultProfile = SAFE_PROFILE,
): { seed: number; violations: Violation[] }[] {
  const out: { seed: number; violations: Violation[] }[] = [];
  for (let seed = from; seed <= to; seed++)
    out.push({ seed, violations: runScenario(faultScenario(seed, profile)).violations });
  return out;
}

/** Writes the scenario of a failing seed where a developer can replay it: npm run sim -- FILE */
export function reproduce(seed: number, profile: FaultProfile = SAFE_PROFILE): string {
  mkdirSync('.test-output/failing-seeds', { recursive: true });
  const file = `.test-output/failing-seeds/seed-${seed}.json`;
  writeFileSync(file, JSON.stringify(faultScenario(seed, profile), null, 2));
  return file;
}

export function assertSafe(results: { seed: number; violations: Violation[] }[]): void {
  for (const r of results) {
    const broken = r.violations.filter((v) => GUARANTEE_KINDS.includes(v.kind) || v.allowedBy === undefined);
    if (broken.length > 0) {
      const v = broken[0]!;
      throw new Error(
        `seed ${r.seed}: ${v.kind} ${v.topic}-${v.partition}@${v.offset}: ${v.cause} (replay: npm run sim -- ${reproduce(r.seed)})`,
      );
    }
  }
}
