// Form input is checked by the scenario validator itself (the action appended to the running scenario
// must leave it valid), plus the checks Kafka makes against the live cluster that a scenario file cannot
// know (topic exists, enough brokers). Errors come back per field, in Kafka's words.
import { validateScenario, type Scenario } from '../../scenario/validate';
import type { ScenarioAction } from '../../scenario/schema';
import type { ScenarioIntent } from '../../runtime/intents';
import { withUserActions } from '../data/share';

export type FieldErrors = Record<string, string>;

export function validateIntent(
  base: Scenario,
  done: ScenarioAction[],
  intent: ScenarioIntent,
  at: number,
): FieldErrors {
  const action = { ...intent, at } as ScenarioAction;
  const full = withUserActions(base, [...done, action]);
  const index = (full.actions?.length ?? 1) - 1;
  const r = validateScenario(full);
  const out: FieldErrors = {};
  if (r.ok) return out;
  const prefix = `actions[${index}]`;
  for (const e of r.errors) {
    const m = /^(.*?): (.*)$/.exec(e);
    if (!m) continue;
    const [, path, msg] = m as unknown as [string, string, string];
    if (!path.startsWith(prefix)) continue;
    const field = path.slice(prefix.length).replace(/^\./, '') || '(action)';
    out[field] ??= msg;
  }
  if (Object.keys(out).length === 0 && !r.ok) out['(action)'] = r.errors[0] ?? 'invalid';
  return out;
}

/** Parses "k=v" lines (headers, extra configs). */
export function parsePairs(text: string): { pairs: Record<string, string>; error: string | null } {
  const pairs: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (!t) continue;
    const eq = t.indexOf('=');
    if (eq <= 0) return { pairs, error: `"${t}" is not key=value` };
    pairs[t.slice(0, eq).trim()] = t.slice(eq + 1).trim();
  }
  return { pairs, error: null };
}
