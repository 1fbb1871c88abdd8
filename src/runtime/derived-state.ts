// Journal consumers that live beside the World (Simulation's client collector, the guarantee checker)
// remember what they have read. A checkpoint must hold that memory too, or a seek counts events twice.
// They are held by reference (their listeners are subscribed), so their data is saved as a deep copy
// of their own fields and put back in place: maps, sets, arrays and records refilled, functions skipped.
// The copy keeps each object's class (the checker's tables are small classes: structuredClone would
// turn them into plain objects without their methods).

type Fields = Record<string, unknown>;

/** A deep copy that keeps prototypes; functions are shared, an object met twice is copied once. */
export function deepCopy<T>(v: T, seen = new Map<object, unknown>()): T {
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
  const out = Object.create(Object.getPrototypeOf(v) as object | null) as Fields;
  seen.set(v, out);
  for (const k of Object.keys(v)) out[k] = deepCopy((v as Fields)[k], seen);
  return out as T;
}

/** A deep copy of an object's own data fields (functions skipped). */
export function saveFields(obj: object): Fields {
  const out: Fields = {};
  for (const [k, v] of Object.entries(obj)) if (typeof v !== 'function') out[k] = v;
  return deepCopy(out);
}

/** Puts saved fields back into the same object, refilling containers in place (they may be readonly). */
export function loadFields(obj: object, saved: Fields): void {
  const target = obj as Fields;
  for (const [k, v] of Object.entries(deepCopy(saved))) {
    const cur = target[k];
    if (cur instanceof Map && v instanceof Map) {
      cur.clear();
      for (const [mk, mv] of v) cur.set(mk, mv);
    } else if (cur instanceof Set && v instanceof Set) {
      cur.clear();
      for (const x of v) cur.add(x);
    } else if (Array.isArray(cur) && Array.isArray(v)) {
      cur.length = 0;
      for (const x of v as unknown[]) cur.push(x); // no spread: a long array would overflow the stack
    } else if (cur !== null && typeof cur === 'object' && v !== null && typeof v === 'object') {
      for (const key of Object.keys(cur)) delete (cur as Fields)[key];
      Object.assign(cur, v);
    } else {
      target[k] = v;
    }
  }
}
