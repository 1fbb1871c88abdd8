// Copies for checkpoints that share what can no longer change. A frozen object (Object.freeze) is
// immutable together with everything it reaches (freeze with deepFreeze), so a copy may hold the very
// same object: a sealed log segment, a stored record batch, a scheduled command. (A sealed segment
// leaves its batch list and packed headers unfrozen, for read speed, and nothing writes them: see
// log/segment.ts.) Everything else that
// can hold data (plain objects and class instances, arrays, Maps, Sets, typed arrays) is copied, so the
// copy and the original can then change apart. A checkpoint of a busy cluster is then mostly pointers
// to frozen data it shares with the live world and with every other checkpoint.
//
// "Frozen" is tested as "not extensible" (Object.isExtensible is several times cheaper than
// Object.isFrozen in V8, and these checks run per array element): nothing here seals or merely
// prevents extensions, deepFreeze is the one way data becomes non-extensible.

/**
 * Freezes `value` and everything reachable from it (objects and arrays; Maps, Sets and typed arrays
 * cannot be frozen and must not be reached). A frozen object is taken to be frozen all the way down, so
 * freezing stops there: an already frozen batch costs one check.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || !Object.isExtensible(value)) return value;
  if (value instanceof Map || value instanceof Set || ArrayBuffer.isView(value)) {
    throw new TypeError(`deepFreeze: a ${value.constructor.name} cannot be frozen`);
  }
  Object.freeze(value);
  // Only objects are visited: every stored record passes here, and most of its fields are primitives.
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const x: unknown = value[i];
      if (typeof x === 'object' && x !== null) deepFreeze(x);
    }
  } else {
    const obj = value as Record<string, unknown>;
    for (const k in obj) {
      const x = obj[k];
      if (typeof x === 'object' && x !== null) deepFreeze(x);
    }
  }
  return value;
}

/**
 * Objects already copied during one checkpoint or restore: an object reached twice (a batch held by a
 * log and by its disk image, a message queued and remembered) is copied once, so the copy keeps the
 * original's sharing, as structuredClone does. Use one per checkpoint or restore.
 */
export type CopyMemo = Map<object, unknown>;

/**
 * A deep copy of `value` that shares primitives and frozen objects and copies every mutable container,
 * keeping prototypes (so class instances stay instances) and array holes. Functions are refused, as
 * structuredClone refuses them: checkpointed data is plain.
 */
export function copyMutable<T>(value: T, memo: CopyMemo = new Map(), shares: SharesElements = never): T {
  if (typeof value !== 'object' || value === null) {
    if (typeof value === 'function') throw new TypeError('copyMutable: a function cannot be copied');
    return value;
  }
  if (!Object.isExtensible(value)) return value; // frozen
  const done = memo.get(value);
  if (done !== undefined) return done as T;
  if (Array.isArray(value)) {
    // slice first (a block copy that keeps holes), then replace what needs its own copy: most arrays
    // here are numbers or frozen batches, which need none.
    const out = value.slice() as unknown[];
    memo.set(value, out);
    for (let i = 0; i < out.length; i++) {
      const x = out[i];
      if (typeof x === 'object') {
        if (x !== null && Object.isExtensible(x)) out[i] = copyMutable(x, memo, shares);
      } else if (typeof x === 'function') copyPrimitive(x);
    }
    return out as T;
  }
  if (value instanceof Map) {
    const out = new Map<unknown, unknown>();
    memo.set(value, out);
    for (const [k, x] of value as Map<unknown, unknown>)
      out.set(copyMutable(k, memo, shares), copyMutable(x, memo, shares));
    return out as T;
  }
  if (value instanceof Set) {
    const out = new Set<unknown>();
    memo.set(value, out);
    for (const x of value as Set<unknown>) out.add(copyMutable(x, memo, shares));
    return out as T;
  }
  if (ArrayBuffer.isView(value)) {
    const out = (value as unknown as { slice(): T }).slice();
    memo.set(value, out);
    return out;
  }
  const proto = Object.getPrototypeOf(value) as object | null;
  const out = (proto === Object.prototype ? {} : Object.create(proto)) as Record<string, unknown>;
  memo.set(value, out);
  const src = value as Record<string, unknown>;
  for (const k of Object.keys(src)) {
    const x = src[k];
    if (typeof x !== 'object' || x === null) out[k] = copyPrimitive(x);
    else if (shares(src, k)) out[k] = copyContainer(x, memo);
    else out[k] = copyMutable(x, memo, shares);
  }
  return out as T;
}

/**
 * Whether the container (array or Map) held in `parent[key]` holds elements that are never changed in
 * place, only replaced (by convention, where freezing them is not possible): a copy then copies the
 * container and shares its elements, without visiting them.
 */
export type SharesElements = (parent: object, key: string) => boolean;

const never: SharesElements = () => false;

/** A copy of an array or Map that shares its elements (see SharesElements). */
function copyContainer(x: object, memo: CopyMemo): unknown {
  const done = memo.get(x);
  if (done !== undefined) return done;
  let out: unknown;
  if (Array.isArray(x)) out = x.slice();
  else if (x instanceof Map) out = new Map(x as Map<unknown, unknown>);
  else return copyMutable(x, memo);
  memo.set(x, out);
  return out;
}

function copyPrimitive(x: unknown): unknown {
  if (typeof x === 'function') throw new TypeError('copyMutable: a function cannot be copied');
  return x;
}

const IN_PROGRESS: unique symbol = Symbol('in progress');

/** What an IncrementalCopier remembers of one live object: its copy at a take, and its keys then. */
interface Entry {
  copy: unknown;
  /** The take that made or confirmed `copy`. */
  take: number;
  /** The object's own keys when copied (objects), or the copy's keys (Maps). */
  keys: unknown[] | null;
  /** The copy's values (Maps). */
  values: unknown[] | null;
}

/**
 * Copies of one live object graph taken again and again (a journal consumer's memory, saved at every
 * checkpoint). An object whose content is the same as at the previous copy (the same primitives, and
 * children whose copies are the same) gets that previous copy back, so successive copies share every
 * part that did not change: a long run's append-only tables cost a new array of pointers per copy, not
 * a copy of every entry. The copies are shared and must never be changed: `restore` makes live objects
 * from one. Cyclic data is refused.
 */
export class IncrementalCopier {
  /** Live object -> its copy at the last take that reached it (or the copy it was restored from). */
  private entries = new Map<object, Entry>();
  private current = 0;
  private reached = 0;

  constructor(private readonly shares: SharesElements = never) {}

  /** A copy of `value`, sharing with the previous take whatever did not change. */
  take<T>(value: T): T {
    this.current++;
    this.reached = 0;
    const out = this.copy(value) as T;
    // Forget objects the take no longer reached (dropped from the graph), once they are many.
    if (this.entries.size > 2 * this.reached + 1024) {
      for (const [live, e] of this.entries) if (e.take !== this.current) this.entries.delete(live);
    }
    return out;
  }

  /**
   * Live objects copied from `saved` (a take), each remembered as unchanged from its saved original,
   * so that a take right after a restore shares everything with `saved`.
   */
  restore<T>(saved: T): T {
    const memo: CopyMemo = new Map();
    const live = copyMutable(saved, memo, this.shares);
    this.entries = new Map();
    for (const [original, copy] of memo) this.adopt(copy as object, original);
    return live;
  }

  /** Records that `live` holds exactly what `saved` (a part of a take) holds, as restore does. */
  adopt(live: object, saved: object): void {
    let keys: unknown[] | null = null;
    let values: unknown[] | null = null;
    if (saved instanceof Map) {
      keys = [...(saved as Map<unknown, unknown>).keys()];
      values = [...(saved as Map<unknown, unknown>).values()];
    } else if (isRecord(saved)) keys = Object.keys(saved);
    this.entries.set(live, { copy: saved, take: this.current, keys, values });
  }

  private copy(v: unknown): unknown {
    if (typeof v !== 'object' || v === null) return copyPrimitive(v);
    if (!Object.isExtensible(v)) return v; // frozen
    let e = this.entries.get(v);
    if (e !== undefined && e.take === this.current) {
      if (e.copy === IN_PROGRESS) throw new TypeError('IncrementalCopier: cyclic data cannot be copied');
      return e.copy;
    }
    const old = e?.copy;
    if (e === undefined)
      this.entries.set(v, (e = { copy: IN_PROGRESS, take: this.current, keys: null, values: null }));
    else {
      e.copy = IN_PROGRESS;
      e.take = this.current;
    }
    this.reached++;
    let out: unknown;
    if (Array.isArray(v)) out = this.copyArray(v, Array.isArray(old) ? old : undefined);
    else if (v instanceof Map)
      out = this.copyMap(v as Map<unknown, unknown>, old instanceof Map ? old : undefined, e);
    else if (v instanceof Set) out = this.copySet(v as Set<unknown>, old instanceof Set ? old : undefined);
    else if (ArrayBuffer.isView(v)) out = this.copyView(v, old);
    else out = this.copyObject(v as Record<string, unknown>, old, e);
    e.copy = out;
    return out;
  }

  /** copyContainer, sharing with the previous take when no element changed. */
  private copyContainer(v: object): unknown {
    if (!Array.isArray(v) && !(v instanceof Map)) return this.copy(v);
    let e = this.entries.get(v);
    if (e !== undefined && e.take === this.current) return e.copy;
    const old = e?.copy;
    if (e === undefined)
      this.entries.set(v, (e = { copy: null, take: this.current, keys: null, values: null }));
    else e.take = this.current;
    this.reached++;
    let out: unknown;
    if (Array.isArray(v)) {
      const o = Array.isArray(old) && old.length === v.length ? old : null;
      let i = 0;
      if (o !== null) while (i < v.length && v[i] === o[i] && i in v === i in o) i++;
      out = o !== null && i === v.length ? o : v.slice();
    } else {
      const m = v as Map<unknown, unknown>;
      let same = old instanceof Map && old.size === m.size;
      if (same) {
        const it = (old as Map<unknown, unknown>).entries();
        for (const [k, x] of m) {
          const [ok, ox] = it.next().value as [unknown, unknown];
          if (k !== ok || x !== ox) {
            same = false;
            break;
          }
        }
      }
      out = same ? old : new Map(m);
    }
    e.copy = out;
    return out;
  }

  private copyArray(v: unknown[], old: unknown[] | undefined): unknown[] {
    const n = v.length;
    if (old !== undefined && old.length === n) {
      let i = 0;
      for (; i < n; i++) {
        const x = v[i];
        const c = typeof x === 'object' && x !== null ? this.copy(x) : x;
        if (c !== old[i] || (c === undefined && i in v !== i in old)) break;
      }
      if (i === n) return old;
    }
    // slice first (a block copy that keeps holes; numbers need nothing more), then copy the objects
    // (those compared above are already copied in this take: copy() gives the same copy again).
    const out = v.slice();
    for (let i = 0; i < n; i++) {
      const x = out[i];
      if (typeof x === 'object') {
        if (x !== null) out[i] = this.copy(x);
      } else if (typeof x === 'function') copyPrimitive(x);
    }
    return out;
  }

  private copyMap(v: Map<unknown, unknown>, old: Map<unknown, unknown> | undefined, e: Entry): unknown {
    // The old copy's entries as arrays (faster to walk than the Map); kept while nothing changes.
    const oldKeys = old !== undefined && old.size === v.size ? e.keys : null;
    const oldValues = e.values;
    let keys: unknown[] | null = oldKeys === null ? [] : null;
    let values: unknown[] | null = keys === null ? null : [];
    let i = 0;
    for (const [k, x] of v) {
      const ck = typeof k === 'object' && k !== null ? this.copy(k) : k;
      const cx = typeof x === 'object' && x !== null ? this.copy(x) : copyPrimitive(x);
      if (keys === null) {
        if (oldKeys![i] === ck && oldValues![i] === cx) {
          i++;
          continue;
        }
        keys = oldKeys!.slice(0, i);
        values = oldValues!.slice(0, i);
      }
      keys.push(ck);
      values!.push(cx);
    }
    if (keys === null) return old;
    e.keys = keys;
    e.values = values;
    const out = new Map<unknown, unknown>();
    for (let j = 0; j < keys.length; j++) out.set(keys[j], values![j]);
    return out;
  }

  private copySet(v: Set<unknown>, old: Set<unknown> | undefined): Set<unknown> {
    const items: unknown[] = [];
    for (const x of v) items.push(this.copy(x));
    if (old !== undefined && old.size === items.length) {
      let i = 0;
      let same = true;
      for (const x of old) {
        if (x !== items[i++]) {
          same = false;
          break;
        }
      }
      if (same) return old;
    }
    return new Set(items);
  }

  private copyView(v: ArrayBufferView, old: unknown): unknown {
    const a = v as unknown as ArrayLike<unknown> & { slice(): unknown };
    if (
      old !== undefined &&
      Object.getPrototypeOf(old) === Object.getPrototypeOf(v) &&
      (old as ArrayLike<unknown>).length === a.length
    ) {
      const o = old as ArrayLike<unknown>;
      let i = 0;
      while (i < a.length && Object.is(a[i], o[i])) i++;
      if (i === a.length) return old;
    }
    return a.slice();
  }

  private copyObject(v: Record<string, unknown>, old: unknown, e: Entry): unknown {
    const keys = Object.keys(v);
    const n = keys.length;
    const proto = Object.getPrototypeOf(v) as object | null;
    const oldKeys = e.keys as string[] | null;
    e.keys = keys;
    // Compare with the old copy field by field while they match; build a new copy from the first difference.
    const o =
      oldKeys !== null && oldKeys.length === n && Object.getPrototypeOf(old) === proto
        ? (old as Record<string, unknown>)
        : null;
    let i = 0;
    let pending: unknown = IN_PROGRESS; // the copy of field i, when the comparison computed it
    if (o !== null) {
      for (; i < n; i++) {
        const k = keys[i]!;
        if (oldKeys![i] !== k) break;
        const c = this.field(v, k);
        if (o[k] !== c) {
          pending = c;
          break;
        }
      }
      if (i === n) return o;
    }
    const out = (proto === Object.prototype ? {} : Object.create(proto)) as Record<string, unknown>;
    for (let j = 0; j < i; j++) out[keys[j]!] = o![keys[j]!];
    for (let j = i; j < n; j++) {
      const k = keys[j]!;
      out[k] = j === i && pending !== IN_PROGRESS ? pending : this.field(v, k);
    }
    return out;
  }

  /** The copy of v[k]. */
  private field(v: Record<string, unknown>, k: string): unknown {
    const x = v[k];
    if (typeof x !== 'object' || x === null) return copyPrimitive(x);
    return this.shares(v, k) ? this.copyContainer(x) : this.copy(x);
  }
}

/** A plain object or class instance (not an array, Map, Set or typed array). */
function isRecord(x: object): boolean {
  return !Array.isArray(x) && !(x instanceof Map) && !(x instanceof Set) && !ArrayBuffer.isView(x);
}
