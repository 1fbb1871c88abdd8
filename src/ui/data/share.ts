// Share links: the scenario (with the actions a user took) travels in the URL's hash as base64url JSON,
// so a static host serves it and nothing leaves the browser. Loading validates it fully first.
import { validateScenario, type Scenario, type ValidationResult } from '../../scenario/validate';
import type { ScenarioAction } from '../../scenario/schema';

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromBase64Url(s: string): string {
  const b64 = s.replaceAll('-', '+').replaceAll('_', '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  return new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
}

/** The scenario a share link carries: the original plus everything the user did, at its time. */
export function withUserActions(base: Scenario, actions: ScenarioAction[]): Scenario {
  return { ...base, actions: [...(base.actions ?? []), ...actions] };
}

export function encodeScenario(s: Scenario): string {
  return `scenario=${toBase64Url(JSON.stringify(s))}`;
}

/** The scenario in a location hash, if any: parsed and validated, or the errors. */
export function scenarioFromHash(hash: string): ValidationResult | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const encoded = params.get('scenario');
  if (!encoded) return null;
  let json: unknown;
  try {
    json = JSON.parse(fromBase64Url(encoded));
  } catch (e) {
    return { ok: false, errors: [`(share link): not a readable scenario: ${(e as Error).message}`] };
  }
  return validateScenario(json);
}

export function builtinFromHash(hash: string): string | null {
  return new URLSearchParams(hash.replace(/^#/, '')).get('builtin');
}
