import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng';
import { offsetTable, tableDelete, tableGet, tableHas, tableKeys, tableSet, tableSize } from './offset-table';

describe('OffsetTable', () => {
  it('answers as a Map<number, T> would, keys in insertion order included', () => {
    for (let seed = 0; seed < 50; seed++) {
      const rng = Rng.from(seed, 'offset-table');
      const table = offsetTable<number>();
      const map = new Map<number, number>();
      let next = rng.int(5);
      for (let step = 0; step < 400; step++) {
        const op = rng.int(10);
        // Mostly appends at increasing offsets, sometimes anywhere (below, far above, negative).
        const offset =
          op < 5 ? next++ : op < 7 ? rng.int(next + 3) : op < 8 ? next + 70000 + rng.int(3) : -1 - rng.int(3);
        if (op === 9) expect(tableDelete(table, offset)).toBe(map.delete(offset));
        else {
          tableSet(table, offset, step);
          map.set(offset, step);
        }
        expect(tableSize(table)).toBe(map.size);
        expect(tableGet(table, offset)).toBe(map.get(offset));
        expect(tableHas(table, offset + 1)).toBe(map.has(offset + 1));
      }
      expect(tableKeys(table)).toEqual([...map.keys()]);
      // Plain data: a structured clone answers alike.
      expect(tableKeys(structuredClone(table))).toEqual([...map.keys()]);
    }
  });

  it('keeps insertion order when keys come in increasing order after deletions at the top', () => {
    const table = offsetTable<string>();
    for (let o = 0; o < 10; o++) tableSet(table, o, `r${o}`);
    for (const o of tableKeys(table)) if (o >= 6) tableDelete(table, o);
    tableSet(table, 6, 'again');
    tableSet(table, 7, 'again');
    expect(tableKeys(table)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(tableGet(table, 9)).toBeUndefined();
    expect(table.map).toBeNull();
  });
});
