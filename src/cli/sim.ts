// npm run sim -- FILE [--json] [--until MS]
// Runs a scenario headlessly. --json prints the result document (scenario-format.md) and nothing else on
// stdout; otherwise a short human summary. Any problem with the input: a message on stderr, exit code 2.
import { readFileSync } from 'node:fs';
import { parseScenario, runScenario } from '../sim/index';
import { summarise } from './summary';

const USAGE = 'usage: npm run sim -- FILE [--json] [--until MS]';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

function parseArgs(argv: string[]): { file: string; json: boolean; until?: number } {
  let file: string | undefined;
  let json = false;
  let until: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--json') json = true;
    else if (a === '--until') {
      const v = argv[++i];
      if (v === undefined || !/^\d+$/.test(v))
        fail(`--until: expected a number of virtual milliseconds, got ${v ?? 'nothing'}\n${USAGE}`);
      until = Number(v);
    } else if (a === '--help' || a === '-h') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else if (a.startsWith('--')) fail(`unknown option ${a}\n${USAGE}`);
    else if (file === undefined) file = a;
    else fail(`one scenario file at a time (got ${file} and ${a})\n${USAGE}`);
  }
  if (file === undefined) fail(USAGE);
  return { file, json, ...(until !== undefined ? { until } : {}) };
}

const args = parseArgs(process.argv.slice(2));
let text: string;
try {
  text = readFileSync(args.file, 'utf8');
} catch (e) {
  fail(
    `${args.file}: cannot read the scenario: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
  );
}
const parsed = parseScenario(text);
if (!parsed.ok) fail(`${args.file}: invalid scenario\n${parsed.errors.map((e) => `  ${e}`).join('\n')}`);
const result = runScenario(parsed.scenario, args.until !== undefined ? { until: args.until } : {});
process.stdout.write(args.json ? `${JSON.stringify(result)}\n` : summarise(parsed.scenario, result));
