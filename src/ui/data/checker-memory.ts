// The guarantee checker's memory, saved with each of the driver's checkpoints and put back on a seek, so
// that replaying the past does not feed the checker the same records twice (it would report them as
// duplicates) and an action taken in the past is judged against the past it forks from. Wanted from the
// simulation: checkpoint()/restore() on GuaranteeChecker, so this does not reach into its fields.
//
// The checker's tables grow with every record (lineage, acknowledgements, appended identities) and
// change little between two checkpoints, so each save shares with the previous one everything that did
// not change (IncrementalCopier): a checkpoint costs what changed, not the whole history, in time and
// in memory. Copies keep each object's class (the checker's tables are small classes). The values of its
// offset tables (src/sim/check/offset-table.ts: records, acknowledgements, counts) are only ever
// replaced, never changed in place, so a copy of a table shares them without visiting each one.
import type { GuaranteeChecker } from '../../sim/check/checker';
import { IncrementalCopier } from '../../sim/core/clone';
import { offsetTableValues } from '../../runtime/derived-state';

export type CheckerMemory = Record<string, unknown>;

const copiers = new WeakMap<GuaranteeChecker, IncrementalCopier>();

function copierOf(checker: GuaranteeChecker): IncrementalCopier {
  let c = copiers.get(checker);
  if (c === undefined) copiers.set(checker, (c = new IncrementalCopier(offsetTableValues)));
  return c;
}

/** A copy of the checker's data (its listener, a function, is left alone). Never change it. */
export function saveChecker(checker: GuaranteeChecker): CheckerMemory {
  const data: CheckerMemory = {};
  for (const [k, v] of Object.entries(checker)) if (typeof v !== 'function') data[k] = v;
  return copierOf(checker).take(data);
}

/** Back to a saved memory (which stays intact and reusable). */
export function loadChecker(checker: GuaranteeChecker, memory: CheckerMemory): void {
  const live = copierOf(checker).restore(memory);
  for (const [k, v] of Object.entries(live)) (checker as unknown as CheckerMemory)[k] = v;
}
