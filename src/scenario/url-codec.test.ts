// Share links: every built-in survives the round trip, old links still open, and no payload, however
// broken or hostile, makes the decoder throw: each gives a valid scenario or errors that say what is wrong.
import { describe, expect, it } from 'vitest';
import { deflateSync } from 'fflate';
import { runScenario } from '../sim/index';
import { BUILTIN_SCENARIOS } from './builtins/index';
import { validateScenario, type Scenario } from './validate';
import {
  decodeShareFragment,
  encodeShareFragment,
  fromBase64Url,
  toBase64Url,
  MAX_FRAGMENT_CHARS,
  SHARE_URL_SAFE_CHARS,
  type ShareRequest,
} from './url-codec';
import { migrateScenario, type Migration } from './migrations';

const valid = (id: string): Scenario => {
  const r = validateScenario(BUILTIN_SCENARIOS.find((b) => b.id === id)!.scenario);
  if (!r.ok) throw new Error(r.errors.join('; '));
  return r.scenario;
};

function scenarioOf(req: ShareRequest): Scenario {
  if (req.kind !== 'scenario' || !req.result.ok) throw new Error(`not a scenario: ${JSON.stringify(req)}`);
  return req.result.scenario;
}

function errorsOf(req: ShareRequest): string[] {
  if (req.kind !== 'scenario' || req.result.ok) throw new Error(`expected errors: ${JSON.stringify(req)}`);
  return req.result.errors;
}

/** A tiny seeded generator (xorshift32): the fuzz cases are the same on every run. */
function rng(seed: number) {
  let x = seed | 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

const pack = (value: unknown) =>
  `s=1.${toBase64Url(deflateSync(new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value))))}`;

describe('base64url', () => {
  it('round-trips every length and byte, and refuses other alphabets', () => {
    const r = rng(7);
    for (let n = 0; n < 300; n++) {
      const bytes = Uint8Array.from({ length: n }, () => Math.floor(r() * 256));
      expect(fromBase64Url(toBase64Url(bytes))).toEqual(bytes);
    }
    expect(fromBase64Url('ab+/')).toBeNull();
    expect(fromBase64Url('abcde')).toBeNull(); // a length no encoder makes
    expect(fromBase64Url('ab==')).toBeNull();
  });
});

describe('share links', () => {
  it.each(BUILTIN_SCENARIOS.map((b) => b.id))(
    'round-trips the built-in %s: same scenario, same run',
    (id) => {
      const s = valid(id);
      const fragment = encodeShareFragment(s);
      expect(fragment).toMatch(/^s=1\.[A-Za-z0-9_-]+$/);
      expect(fragment.length).toBeLessThan(SHARE_URL_SAFE_CHARS);
      const back = scenarioOf(decodeShareFragment(`#${fragment}`));
      expect(back).toEqual(s);
      expect(runScenario(back, { until: 3000 }).traceHash).toBe(runScenario(s, { until: 3000 }).traceHash);
    },
  );

  it('carries a user’s actions with their virtual times', () => {
    const s = valid('quickstart');
    const withMine: Scenario = {
      ...s,
      actions: [...s.actions!, { at: 4321, type: 'killBroker', broker: 3 }],
    };
    const back = scenarioOf(decodeShareFragment(`#${encodeShareFragment(withMine)}`));
    expect(back.actions!.at(-1)).toEqual({ at: 4321, type: 'killBroker', broker: 3 });
  });

  it('still opens link format 0 (#scenario=<base64url JSON>), the playground’s first', () => {
    const s = valid('quickstart');
    const legacy = `#scenario=${toBase64Url(new TextEncoder().encode(JSON.stringify(s)))}`;
    const req = decodeShareFragment(legacy);
    expect(req).toMatchObject({ kind: 'scenario', format: 0 });
    expect(scenarioOf(req)).toEqual(s);
  });

  it('reads #builtin=<id> and an empty fragment', () => {
    expect(decodeShareFragment('#builtin=acks')).toEqual({ kind: 'builtin', id: 'acks' });
    expect(decodeShareFragment('')).toEqual({ kind: 'none' });
    expect(decodeShareFragment('#')).toEqual({ kind: 'none' });
  });

  it('says what is wrong with a broken link', () => {
    expect(errorsOf(decodeShareFragment('#s=1.@@@'))[0]).toMatch(/not base64url/);
    expect(errorsOf(decodeShareFragment('#s=abc'))[0]).toMatch(/no link format/);
    expect(errorsOf(decodeShareFragment('#s=9.abc'))[0]).toMatch(
      /link format 9 comes from a newer playground/,
    );
    const good = encodeShareFragment(valid('acks'));
    expect(errorsOf(decodeShareFragment(`#${good.slice(0, good.length / 2)}`))[0]).toMatch(
      /damaged or cut short|not valid JSON/,
    );
    expect(errorsOf(decodeShareFragment(pack('{"version":1,')))[0]).toMatch(/not valid JSON/);
    expect(errorsOf(decodeShareFragment(`#s=1.${'A'.repeat(MAX_FRAGMENT_CHARS)}`))[0]).toMatch(/too long/);
  });

  it('refuses a link that would unpack to more than the size limit (a zip bomb)', () => {
    const bomb = `s=1.${toBase64Url(deflateSync(new Uint8Array(20 * 1024 * 1024).fill(32)))}`;
    expect(bomb.length).toBeLessThan(100_000);
    expect(errorsOf(decodeShareFragment(bomb))[0]).toMatch(/unpacks to more than/);
  });

  it('names the path of each error in a hostile scenario, as text', () => {
    const s = structuredClone(valid('quickstart')) as Record<string, unknown>;
    s.description = '<img src=x onerror=alert(1)><script>alert(1)</script>';
    (s.topics as { name: string }[])[0]!.name = '<script>alert(1)</script>';
    s['<script>alert(1)</script>'] = 1;
    const errors = errorsOf(decodeShareFragment(pack(s)));
    expect(errors).toContain('<script>alert(1)</script>: unknown field');
    const hostileTopic = decodeShareFragment(
      pack({ ...valid('quickstart'), topics: [{ name: '<b>x</b>', partitions: 1, replicationFactor: 1 }] }),
    );
    expect(errorsOf(hostileTopic).some((e) => e.startsWith('topics[0].name: INVALID_TOPIC_EXCEPTION'))).toBe(
      true,
    );
    // A description is only text: valid, carried as is, never interpreted.
    const desc = { ...valid('quickstart'), description: '<script>alert(1)</script>' };
    expect(scenarioOf(decodeShareFragment(pack(desc))).description).toBe('<script>alert(1)</script>');
    expect(
      errorsOf(decodeShareFragment(pack({ ...valid('quickstart'), __proto__x: 1, constructor: 1 }))).length,
    ).toBeGreaterThan(0);
    expect(errorsOf(decodeShareFragment(pack('{"__proto__":{"polluted":1},"version":1}')))[0]).toMatch(
      /__proto__: forbidden key/,
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('survives 1500 random, truncated, mutated and hostile payloads: a valid scenario or clear errors, never a throw', () => {
    const r = rng(2024);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
    const goods = BUILTIN_SCENARIOS.map((b) => encodeShareFragment(valid(b.id)));
    const alphabet =
      'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/%.&#<>"\'\\ \u0000\u00e9\ud83d';
    const hostileValues: unknown[] = [
      '<script>alert(1)</script>',
      'javascript:alert(1)',
      { toString: 'x' },
      [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]],
      1e308,
      -0,
      null,
      true,
      'x'.repeat(20000),
    ];
    const cases: string[] = [];
    for (let i = 0; i < 300; i++) {
      // Random garbage after a valid prefix, and with no prefix at all.
      const len = Math.floor(r() * 200);
      const junk = Array.from({ length: len }, () => pick([...alphabet])).join('');
      cases.push(pick(['#s=1.', '#s=', '#scenario=', '#', '#s=0.', '#s=2.', '#builtin=']) + junk);
    }
    for (let i = 0; i < 400; i++) {
      // A good link cut short, or with one character changed.
      const g = pick(goods);
      if (i % 2 === 0) cases.push(`#${g.slice(0, Math.floor(r() * g.length))}`);
      else {
        const at = 4 + Math.floor(r() * (g.length - 4));
        cases.push(`#${g.slice(0, at)}${pick([...'Aa0_-'])}${g.slice(at + 1)}`);
      }
    }
    for (let i = 0; i < 400; i++) {
      // Valid compression around a mutated scenario: a field replaced by something hostile or wrong.
      const s = structuredClone(valid(pick(BUILTIN_SCENARIOS).id)) as Record<string, unknown>;
      const keys = Object.keys(s);
      const key = pick([...keys, '<script>', '__proto__', 'constructor', 'tour']);
      s[key] = pick(hostileValues);
      if (r() < 0.3 && Array.isArray(s.actions) && s.actions.length > 0)
        (s.actions as Record<string, unknown>[])[0]!.type = pick([
          '<svg onload=alert(1)>',
          'eval',
          'killBroker',
        ]);
      cases.push(`#${pack(s)}`);
    }
    for (let i = 0; i < 200; i++) {
      // Valid compression of text that is not a scenario: random JSON and random bytes.
      if (i % 2 === 0) cases.push(`#${pack(pick(hostileValues) as object)}`);
      else
        cases.push(
          `#s=1.${toBase64Url(deflateSync(Uint8Array.from({ length: Math.floor(r() * 300) }, () => Math.floor(r() * 256))))}`,
        );
    }
    for (let i = 0; i < 200; i++) {
      // Random bytes where compressed data should be.
      cases.push(
        `#s=1.${toBase64Url(Uint8Array.from({ length: Math.floor(r() * 400) }, () => Math.floor(r() * 256)))}`,
      );
    }
    expect(cases.length).toBeGreaterThanOrEqual(1000);
    let validCount = 0;
    for (const c of cases) {
      let req: ShareRequest | undefined;
      expect(() => (req = decodeShareFragment(c))).not.toThrow();
      if (req!.kind !== 'scenario') continue;
      if (req!.result.ok) {
        validCount++;
        expect(validateScenario(req!.result.scenario).ok).toBe(true);
      } else {
        expect(req!.result.errors.length).toBeGreaterThan(0);
        expect(req!.result.errors.length).toBeLessThanOrEqual(21);
        for (const e of req!.result.errors) {
          expect(e).toMatch(/^[^\s:][^:]*: ./); // a path (or "(share link)"), then what is wrong
          expect(e.length).toBeLessThanOrEqual(301);
        }
      }
    }
    expect(validCount).toBeGreaterThan(0); // some mutations keep the scenario valid (e.g. a new description)
  });
});

describe('scenario versions', () => {
  it('refuses a scenario from a newer playground with a clear message', () => {
    const r = validateScenario({ ...valid('quickstart'), version: 2 });
    expect(r).toEqual({
      ok: false,
      errors: [
        'version: this scenario is version 2, made by a newer playground; this one reads versions up to 1',
      ],
    });
  });

  it('upgrades an old scenario step by step through the migrations', () => {
    // A made-up history: version 1 called the seed "randomSeed", version 2 renamed it.
    const migrations: Migration[] = [
      {
        from: 1,
        describe: 'randomSeed -> seed',
        migrate: ({ randomSeed, ...rest }) => ({ ...rest, seed: randomSeed }),
      },
      { from: 2, describe: 'nothing to change', migrate: (s) => s },
    ];
    const old = { version: 1, randomSeed: 9, cluster: { brokers: 1 } };
    expect(migrateScenario(old, migrations, 3)).toEqual({
      ok: true,
      value: { version: 3, seed: 9, cluster: { brokers: 1 } },
      migrated: [1, 2],
    });
    expect(migrateScenario(old, migrations.slice(0, 1), 3)).toMatchObject({ ok: false });
    expect(old).toEqual({ version: 1, randomSeed: 9, cluster: { brokers: 1 } }); // the input is untouched
  });
});

describe('tours in scenarios', () => {
  const base = valid('quickstart');
  const tour = (steps: unknown[], extra: Record<string, unknown> = {}) => ({
    ...base,
    tour: { steps, whatJustHappened: { text: 'x', rule: 'y' }, ...extra },
  });

  it('accepts a tour and names the path of every mistake in one', () => {
    expect(validateScenario(tour([{ at: 0, title: 'a', text: 'b' }])).ok).toBe(true);
    const bad = validateScenario(
      tour(
        [
          { at: 5000, title: 'a', text: 'b' },
          { at: 1000, title: 'a', text: 'b' },
          { at: 90000, title: '', text: 'b', html: '<b>' },
        ],
        { speed: 0 },
      ),
    );
    expect(bad.ok).toBe(false);
    const errors = bad.ok ? [] : bad.errors;
    expect(errors).toContain('tour.steps[2].html: unknown field');
    expect(errors.some((e) => e.startsWith('tour.steps[2].title:'))).toBe(true);
    expect(errors.some((e) => e.startsWith('tour.speed:'))).toBe(true);
    const order = validateScenario(
      tour([
        { at: 5000, title: 'a', text: 'b' },
        { at: 1000, title: 'a', text: 'b' },
        { at: 90000, title: 'c', text: 'd' },
      ]),
    );
    expect(order.ok ? [] : order.errors).toEqual([
      'tour.steps[1].at: steps come in time order (1000 is not after 5000)',
      "tour.steps[2].at: 90000 is after the scenario's end (until 60000)",
    ]);
  });
});
