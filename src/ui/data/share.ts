// Share links: the scenario (with the actions a user took) travels in the URL's hash, so a static host
// serves it and nothing leaves the browser. The format, its versions and the decoder's guarantees live
// in src/scenario/url-codec.ts; this is the UI's side.
import type { Scenario } from '../../scenario/validate';
import type { ScenarioAction } from '../../scenario/schema';
import { decodeShareFragment, encodeShareFragment, type ShareRequest } from '../../scenario/url-codec';

/** The scenario a share link carries: the original plus everything the user did, at its time. */
export function withUserActions(base: Scenario, actions: ScenarioAction[]): Scenario {
  return { ...base, actions: [...(base.actions ?? []), ...actions] };
}

/** The fragment (without '#') for a scenario: `s=1.<data>`. */
export function encodeScenario(s: Scenario): string {
  return encodeShareFragment(s);
}

/** What the page's address asks for: a shared scenario (or its errors), a built-in, or nothing. */
export function requestFromHash(hash: string): ShareRequest {
  return decodeShareFragment(hash);
}
