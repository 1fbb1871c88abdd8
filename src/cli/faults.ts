// npm run faults -- [--from N] [--seeds N] [--unsafe]
// The long fault sweep: seeded fault schedules against the safe configuration (or, with --unsafe,
// acks=1 with unclean leader election). Prints each seed that breaks a guarantee, with a scenario file
// that replays it (npm run sim -- FILE), and a summary of what the checker found.
import { mkdirSync, writeFileSync } from 'node:fs';
import { runScenario } from '../sim/index';
import { SAFE_PROFILE, faultScenario, type FaultProfile } from '../sim/check/faults';

const GUARANTEES = [
  'lost-write',
  'duplicate',
  'reorder',
  'read-uncommitted',
  'divergent-replicas',
  'two-leaders',
];
const args = process.argv.slice(2);
const opt = (name: string, dflt: number) => {
  const i = args.indexOf(name);
  const v = i >= 0 ? Number(args[i + 1]) : dflt;
  if (!Number.isSafeInteger(v) || v < 0) {
    process.stderr.write(`${name}: expected a whole number\n`);
    process.exit(2);
  }
  return v;
};
const from = opt('--from', 1);
const seeds = opt('--seeds', 2000);
const unsafe = args.includes('--unsafe');
const profile: FaultProfile = unsafe
  ? { acks: '1', uncleanLeaderElection: true, faults: 8, durationMs: 24000 }
  : SAFE_PROFILE;

const counts: Record<string, number> = {};
let failing = 0;
for (let seed = from; seed < from + seeds; seed++) {
  const scenario = faultScenario(seed, profile);
  const r = runScenario(scenario);
  for (const v of r.violations)
    counts[`${v.kind}${v.allowedBy ? ` (allowed by ${v.allowedBy})` : ''}`] =
      (counts[`${v.kind}${v.allowedBy ? ` (allowed by ${v.allowedBy})` : ''}`] ?? 0) + 1;
  const broken = r.violations.filter(
    (v) => !unsafe && (GUARANTEES.includes(v.kind) || v.allowedBy === undefined),
  );
  if (broken.length > 0) {
    failing++;
    mkdirSync('fault-seeds', { recursive: true });
    const file = `fault-seeds/seed-${seed}.json`;
    writeFileSync(file, JSON.stringify(scenario, null, 2));
    console.log(
      `seed ${seed}: ${broken[0]!.kind} ${broken[0]!.topic}-${broken[0]!.partition}@${broken[0]!.offset}: ${broken[0]!.cause}\n  replay: npm run sim -- ${file}`,
    );
  }
}
console.log(
  `\n${seeds} seeds from ${from} (${unsafe ? 'acks=1, unclean election' : 'safe configuration'}): ${failing} broke a guarantee`,
);
for (const k of Object.keys(counts).sort()) console.log(`  ${k}: ${counts[k]}`);
process.exit(failing > 0 ? 1 : 0);
