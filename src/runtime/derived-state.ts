// Journal consumers that live beside the World (Simulation's client collector, the guarantee checker)
// remember what they have read. A checkpoint must hold that memory too, or a seek counts events twice.
// They are held by reference (their listeners are subscribed), so their data is saved as a copy of their
// own fields and put back in place: maps, sets, arrays and records refilled, functions skipped. Their
// tables grow with every record and change little between checkpoints, so each save shares with the
// previous one whatever did not change (IncrementalCopier): saved fields are shared, never changed.
// Fields are copied (not structured-cloned): class instances stay instances.
import { IncrementalCopier, type SharesElements } from '../sim/core/clone';

/**
 * The guarantee checker's offset tables (src/sim/check/offset-table.ts: { values, end, count, map })
 * hold records, acknowledgements and counts that are replaced, never changed in place: a copy of a
 * table shares them without visiting each one (a checker holds one per record of the run).
 */
export const offsetTableValues: SharesElements = (parent, key) => {
  if (key !== 'values' && key !== 'map') return false;
  const keys = Object.keys(parent);
  return keys.length === 4 && ['values', 'end', 'count', 'map'].every((k) => keys.includes(k));
};

type Fields = Record<string, unknown>;

const copiers = new WeakMap<object, IncrementalCopier>();

function copierOf(obj: object): IncrementalCopier {
  let c = copiers.get(obj);
  if (c === undefined) copiers.set(obj, (c = new IncrementalCopier(offsetTableValues)));
  return c;
}

/** A copy of an object's own data fields (functions skipped). */
export function saveFields(obj: object): Fields {
  const out: Fields = {};
  for (const [k, v] of Object.entries(obj)) if (typeof v !== 'function') out[k] = v;
  return copierOf(obj).take(out);
}

/** Puts saved fields back into the same object, refilling containers in place (they may be readonly). */
export function loadFields(obj: object, saved: Fields): void {
  const target = obj as Fields;
  const copier = copierOf(obj);
  for (const [k, v] of Object.entries(copier.restore(saved))) {
    const cur = target[k];
    if (cur instanceof Map && v instanceof Map) {
      cur.clear();
      for (const [mk, mv] of v) cur.set(mk, mv);
    } else if (cur instanceof Set && v instanceof Set) {
      cur.clear();
      for (const x of v) cur.add(x);
    } else if (Array.isArray(cur) && Array.isArray(v)) {
      cur.length = 0;
      for (const x of v as unknown[]) cur.push(x);
    } else if (cur !== null && typeof cur === 'object' && v !== null && typeof v === 'object') {
      for (const key of Object.keys(cur)) delete (cur as Fields)[key];
      Object.assign(cur, v);
    } else {
      target[k] = v;
      continue;
    }
    // The container refilled in place now holds what the saved one holds: the next save may share it.
    copier.adopt(cur as object, saved[k] as object);
  }
}
