// Journal consumers that live beside the World (Simulation's client collector, the guarantee checker)
// remember what they have read. A checkpoint must hold that memory too, or a seek counts events twice.
// They are held by reference (their listeners are subscribed), so their data is saved as a deep copy
// of their own fields and put back in place: maps, sets, arrays and records refilled, functions skipped.

type Fields = Record<string, unknown>;

/** A deep copy of an object's own data fields (functions skipped). */
export function saveFields(obj: object): Fields {
  const out: Fields = {};
  for (const [k, v] of Object.entries(obj)) if (typeof v !== 'function') out[k] = v;
  return structuredClone(out);
}

/** Puts saved fields back into the same object, refilling containers in place (they may be readonly). */
export function loadFields(obj: object, saved: Fields): void {
  const target = obj as Fields;
  for (const [k, v] of Object.entries(structuredClone(saved))) {
    const cur = target[k];
    if (cur instanceof Map && v instanceof Map) {
      cur.clear();
      for (const [mk, mv] of v) cur.set(mk, mv);
    } else if (cur instanceof Set && v instanceof Set) {
      cur.clear();
      for (const x of v) cur.add(x);
    } else if (Array.isArray(cur) && Array.isArray(v)) {
      cur.length = 0;
      cur.push(...(v as unknown[]));
    } else if (cur !== null && typeof cur === 'object' && v !== null && typeof v === 'object') {
      for (const key of Object.keys(cur)) delete (cur as Fields)[key];
      Object.assign(cur, v);
    } else {
      target[k] = v;
    }
  }
}
