// The guarantee checker's memory, saved with each of the driver's checkpoints and put back on a seek, so
// that replaying the past does not feed the checker the same records twice (it would report them as
// duplicates) and an action taken in the past is judged against the past it forks from. Wanted from the
// simulation: checkpoint()/restore() on GuaranteeChecker, so this does not reach into its fields.
import type { GuaranteeChecker } from '../../sim/check/checker';

export type CheckerMemory = Record<string, unknown>;

/**
 * A deep copy that keeps each object's class (the checker's tables are small classes, which
 * structuredClone would turn into plain objects): arrays, Maps, Sets and objects are copied, functions
 * and primitives shared. An object met twice is copied once.
 */
function deepCopy<T>(v: T, seen = new Map<object, unknown>()): T {
  if (typeof v !== 'object' || v === null) return v;
  const done = seen.get(v);
  if (done !== undefined) return done as T;
  if (Array.isArray(v)) {
    const out: unknown[] = new Array(v.length);
    seen.set(v, out);
    for (let i = 0; i < v.length; i++) if (i in v) out[i] = deepCopy(v[i], seen);
    return out as T;
  }
  if (v instanceof Map) {
    const out = new Map();
    seen.set(v, out);
    for (const [k, x] of v) out.set(deepCopy(k, seen), deepCopy(x, seen));
    return out as T;
  }
  if (v instanceof Set) {
    const out = new Set();
    seen.set(v, out);
    for (const x of v) out.add(deepCopy(x, seen));
    return out as T;
  }
  const out = Object.create(Object.getPrototypeOf(v) as object | null) as Record<string, unknown>;
  seen.set(v, out);
  for (const k of Object.keys(v)) out[k] = deepCopy((v as Record<string, unknown>)[k], seen);
  return out as T;
}

/** A deep copy of the checker's data (its listener, a function, is left alone). */
export function saveChecker(checker: GuaranteeChecker): CheckerMemory {
  const data: CheckerMemory = {};
  for (const [k, v] of Object.entries(checker)) if (typeof v !== 'function') data[k] = deepCopy(v);
  return data;
}

/** Back to a saved memory (which stays intact and reusable). */
export function loadChecker(checker: GuaranteeChecker, memory: CheckerMemory): void {
  for (const [k, v] of Object.entries(memory)) (checker as unknown as CheckerMemory)[k] = deepCopy(v);
}
