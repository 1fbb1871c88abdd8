// The guarantee checker's findings as the playground shows them. The checker itself is the
// simulation's (Simulation.checker, src/sim/check/checker.ts): this file only names its kinds in
// Kafka's and Maelstrom's words, keeps what was found on the furthest run, and groups the records of one
// cause (an unclean election that lost offsets 5-9 is one finding with five offsets).
import type { Violation } from '../../sim/runner/result';

export type { Violation };

export interface KindWords {
  /** The finding's name, as Maelstrom's Kafka checker says it. */
  title: string;
  /** The word next to each offending record in the partition inspector. */
  mark: string;
  /** A glyph beside the word, so that colour is never the only signal. */
  icon: string;
}

export const KIND_WORDS: Record<string, KindWords> = {
  'lost-write': { title: 'Lost write', mark: 'lost', icon: '✕' },
  duplicate: { title: 'Duplicate', mark: 'twice', icon: '⧉' },
  reorder: { title: 'Reorder', mark: 'out of order', icon: '⇅' },
  'read-uncommitted': { title: 'Read uncommitted', mark: 'read too early', icon: '◔' },
  'divergent-replicas': { title: 'Divergent replicas', mark: 'diverges', icon: '≠' },
  'two-leaders': { title: 'Two leaders', mark: 'two leaders', icon: '♛' },
  'duplicate-delivery': { title: 'Duplicate delivery', mark: 'processed twice', icon: '⧉' },
  skipped: { title: 'Skipped', mark: 'skipped', icon: '↷' },
};

export const kindWords = (kind: string): KindWords =>
  KIND_WORDS[kind] ?? { title: kind.replace(/-/g, ' '), mark: kind.replace(/-/g, ' '), icon: '!' };

/** Checks the checker makes over the whole history: their `at` is "as of now", so it moves each call. */
const AS_OF_NOW = new Set(['reorder', 'skipped']);

/** One violation's identity, stable across calls (and across replays of the same run). */
export function violationKey(v: Violation): string {
  const at = AS_OF_NOW.has(v.kind) ? '' : String(v.at);
  return `${v.kind}\u0000${v.topic}\u0000${v.partition}\u0000${v.offset ?? ''}\u0000${at}`;
}

/**
 * What the checker reports now, merged into what was found before: the earlier finding keeps its place
 * and its time (a whole-history check keeps the time it was first seen). Returns `prev` itself when
 * nothing is new, so that views can compare by reference.
 */
export function mergeViolations(prev: readonly Violation[], now: readonly Violation[]): readonly Violation[] {
  const seen = new Set(prev.map(violationKey));
  const added = now.filter((v) => {
    const k = violationKey(v);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return added.length ? [...prev, ...added] : prev;
}

/** One finding: the violations of one kind with one cause, at one time, on one partition. */
export interface Finding {
  id: string;
  kind: string;
  topic: string;
  partition: number;
  offsets: number[];
  at: number;
  cause: string;
  allowedBy: string | null;
}

export function groupViolations(vs: readonly Violation[]): Finding[] {
  const byId = new Map<string, Finding>();
  for (const v of vs) {
    const at = AS_OF_NOW.has(v.kind) ? '' : String(v.at);
    const id = `${v.kind}\u0000${v.topic}\u0000${v.partition}\u0000${at}\u0000${v.cause}`;
    let f = byId.get(id);
    if (!f) {
      f = {
        id,
        kind: v.kind,
        topic: v.topic,
        partition: v.partition,
        offsets: [],
        at: v.at,
        cause: v.cause,
        allowedBy: v.allowedBy ?? null,
      };
      byId.set(id, f);
    }
    if (v.offset !== undefined && !f.offsets.includes(v.offset)) f.offsets.push(v.offset);
  }
  const out = [...byId.values()];
  for (const f of out) f.offsets.sort((a, b) => a - b);
  return out.sort((a, b) => a.at - b.at);
}

/** Offsets as people write them: "5-9, 12". */
export function offsetRanges(offsets: readonly number[]): string {
  const out: string[] = [];
  let i = 0;
  while (i < offsets.length) {
    let j = i;
    while (j + 1 < offsets.length && offsets[j + 1] === offsets[j]! + 1) j++;
    out.push(i === j ? `${offsets[i]}` : `${offsets[i]}-${offsets[j]}`);
    i = j + 1;
  }
  return out.join(', ');
}
