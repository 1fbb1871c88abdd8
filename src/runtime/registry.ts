// Every behaviour a node worker can run: the simulation's registry (whatever kinds it registers, now or
// later) plus the runtime's fixture behaviours (fixtures.ts), used by benchmarks and end-to-end tests.
import type { AnyNodeBehavior } from '../sim/core/node';
import { BEHAVIORS } from '../sim/runner/simulation';
import { FIXTURE_BEHAVIORS } from './fixture-behaviors';

export const RUNTIME_BEHAVIORS: Record<string, AnyNodeBehavior> = { ...FIXTURE_BEHAVIORS, ...BEHAVIORS };
