// Summarises a Chrome DevTools CPU profile (Profiler.stop) of the page's main thread: the share of wall
// time each part of the runtime's work took, by the functions on each sampled stack. Function names are
// the source's: the benchmark builds the site without minifying it.

export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url?: string }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

/** Parts of the work, first match wins: a name on the sampled stack (or the leaf, for `leaf`). */
const PARTS: { part: string; names: string[]; leaf?: boolean }[] = [
  { part: 'idle (waiting for workers or the next task)', names: ['(idle)'], leaf: true },
  { part: 'garbage collection', names: ['(garbage collector)'], leaf: true },
  { part: 'checkpoints (copying the world)', names: ['checkpoint', 'snapshot', 'saveFields'] },
  { part: 'sending batches to workers (serialising)', names: ['postMessage'], leaf: true },
  { part: 'receiving replies from workers (deserialising)', names: ['receiveReply'] },
  { part: 'merging batches (world: effects, hash, journal)', names: ['mergeBatch'] },
  { part: 'running events in-process (world and nodes)', names: ['advanceInProcess', 'step'] },
  { part: 'planning batches', names: ['planBatch'] },
  { part: 'publishing to the page (views, React)', names: ['flush', 'refreshViews', 'performWorkOnRoot'] },
  { part: 'native, outside JavaScript (message dispatch, tasks)', names: ['(program)'], leaf: true },
];
const OTHER = 'other JavaScript';

/** Share of wall time per part, largest first. */
export function profileParts(p: CpuProfile): [string, number][] {
  const parent = new Map<number, number>();
  const name = new Map<number, string>();
  for (const n of p.nodes) {
    name.set(n.id, n.callFrame.functionName);
    for (const c of n.children ?? []) parent.set(c, n.id);
  }
  const partOf = new Map<number, string>();
  const classify = (leaf: number): string => {
    const stack: string[] = [];
    for (let id: number | undefined = leaf; id !== undefined; id = parent.get(id)) stack.push(name.get(id)!);
    for (const { part, names, leaf: atLeaf } of PARTS) {
      if (atLeaf ? names.includes(stack[0]!) : stack.some((n) => names.includes(n))) return part;
    }
    return OTHER;
  };
  const time = new Map<string, number>();
  let total = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const id = p.samples[i]!;
    const dt = p.timeDeltas[i + 1] ?? 0;
    let part = partOf.get(id);
    if (part === undefined) partOf.set(id, (part = classify(id)));
    time.set(part, (time.get(part) ?? 0) + dt);
    total += dt;
  }
  return [...time].map(([k, v]) => [k, v / total] as [string, number]).sort((a, b) => b[1] - a[1]);
}

/** The `n` functions with the most self time (share of wall time), named with their file. */
export function topFunctions(p: CpuProfile, n: number): [string, number][] {
  const byNode = new Map(p.nodes.map((node) => [node.id, node]));
  const time = new Map<string, number>();
  let total = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const frame = byNode.get(p.samples[i]!)!.callFrame;
    const file = frame.url ? ` ${frame.url.split('/').pop()}` : '';
    const key = `${frame.functionName || '(anonymous)'}${file}`;
    const dt = p.timeDeltas[i + 1] ?? 0;
    time.set(key, (time.get(key) ?? 0) + dt);
    total += dt;
  }
  return [...time]
    .map(([k, v]) => [k, v / total] as [string, number])
    .sort((a, b) => b[1] - a[1])
    .slice(0, n);
}
