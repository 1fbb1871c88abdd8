import { describe, expect, it } from 'vitest';
import { IncrementalCopier, copyMutable, deepFreeze } from './clone';

class Table {
  rows: number[] = [];
}

describe('copyMutable', () => {
  it('shares frozen data and copies everything else, keeping sharing, classes and holes', () => {
    const batch = deepFreeze({ baseOffset: 0, records: [{ offset: 0, value: 'a' }] });
    const list = [batch, batch];
    const holey = [1, 2, 3];
    delete holey[1];
    const live = {
      log: { batches: list, headers: [0, 0] },
      disk: { seg: list },
      byKey: new Map([['k', { n: 1 }]]),
      seen: new Set([1, 2]),
      table: new Table(),
      holey,
      bytes: new Uint8Array([1, 2]),
    };
    const copy = copyMutable(live);
    expect(copy).toEqual(live);
    expect(copy.log.batches[0]).toBe(batch);
    expect(copy.log.batches).not.toBe(list);
    expect(copy.disk.seg).toBe(copy.log.batches); // shared in the original, shared in the copy
    expect(copy.byKey.get('k')).not.toBe(live.byKey.get('k'));
    expect(copy.table).toBeInstanceOf(Table);
    expect(1 in copy.holey).toBe(false);
    copy.byKey.get('k')!.n = 2;
    copy.log.headers.push(1);
    expect(live.byKey.get('k')!.n).toBe(1);
    expect(live.log.headers).toEqual([0, 0]);
  });

  it('deepFreeze makes in-place changes throw', () => {
    const batch = deepFreeze({ records: [{ offset: 0 }] });
    expect(() => {
      (batch.records as { offset: number }[]).push({ offset: 1 });
    }).toThrow(TypeError);
    expect(() => {
      (batch.records[0] as { offset: number }).offset = 5;
    }).toThrow(TypeError);
  });

  it('refuses functions', () => {
    expect(() => copyMutable({ f: () => 1 })).toThrow(/function/);
  });
});

describe('IncrementalCopier', () => {
  it('shares what did not change with the previous copy and copies what did', () => {
    const live = {
      rows: [{ k: 'a' }, { k: 'b' }],
      byKey: new Map([['x', { n: 1 }]]),
      counts: [1, 2],
    };
    const c = new IncrementalCopier();
    const first = c.take(live);
    expect(first).toEqual(live);
    expect(first.rows[0]).not.toBe(live.rows[0]);
    const same = c.take(live);
    expect(same).toBe(first);
    live.rows[1]!.k = 'B';
    live.counts.push(3);
    const second = c.take(live);
    expect(second).toEqual(live);
    expect(second.rows[0]).toBe(first.rows[0]);
    expect(second.rows[1]).not.toBe(first.rows[1]);
    expect(second.byKey).toBe(first.byKey);
    expect(first.rows[1]!.k).toBe('b'); // earlier copies never change
    expect(first.counts).toEqual([1, 2]);
    live.byKey.delete('x');
    live.byKey.set('x', { n: 1 });
    live.byKey.set('y', { n: 2 });
    const third = c.take(live);
    expect([...third.byKey.keys()]).toEqual(['x', 'y']);
  });

  it('notices a Map whose order changed and a key removed and added back', () => {
    const live = {
      m: new Map<string, number>([
        ['a', 1],
        ['b', 2],
      ]),
      o: { a: 1, b: 2 } as Record<string, number>,
    };
    const c = new IncrementalCopier();
    const first = c.take(live);
    live.m.delete('a');
    live.m.set('a', 1);
    delete live.o.a;
    live.o.a = 1;
    const second = c.take(live);
    expect([...second.m.keys()]).toEqual(['b', 'a']);
    expect(Object.keys(second.o)).toEqual(['b', 'a']);
    expect([...first.m.keys()]).toEqual(['a', 'b']);
  });

  it('restores live objects from a copy and then shares with it', () => {
    const c = new IncrementalCopier();
    const saved = c.take({ rows: [{ k: 'a' }], m: new Map([[1, { v: 1 }]]) });
    const live = c.restore(saved);
    expect(live).toEqual(saved);
    expect(live.rows).not.toBe(saved.rows);
    live.rows[0]!.k = 'z';
    expect(saved.rows[0]!.k).toBe('a');
    const next = c.take(live);
    expect(next.m).toBe(saved.m);
    expect(next.rows).not.toBe(saved.rows);
  });

  it('shares the elements of containers declared to replace rather than change them', () => {
    const rec = { offset: 1 };
    const table = { values: [rec], end: 2, count: 1, map: null };
    const c = new IncrementalCopier((parent, key) => key === 'values' && 'end' in parent);
    const copy = c.take({ table });
    expect(copy.table.values).not.toBe(table.values);
    expect(copy.table.values[0]).toBe(rec);
    table.values.push({ offset: 2 });
    const next = c.take({ table });
    expect(next.table.values).toHaveLength(2);
    expect(copy.table.values).toHaveLength(1);
  });

  it('refuses cyclic data', () => {
    const a: { self?: unknown } = {};
    a.self = a;
    expect(() => new IncrementalCopier().take(a)).toThrow(/cyclic/);
  });
});
