import { describe, expect, it } from 'vitest';
import { parseScenario, validateScenario } from './validate';
import quickstart from './builtins/quickstart.json';

const base = () => JSON.parse(JSON.stringify(quickstart)) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function errorsOf(s: unknown): string[] {
  const r = validateScenario(s);
  return r.ok ? [] : r.errors;
}

describe('scenario validation', () => {
  it('accepts the quickstart example', () => {
    expect(validateScenario(quickstart).ok).toBe(true);
  });

  it('names the path of an unknown broker in an action', () => {
    const s = base();
    s.actions.push({ at: 10, type: 'killBroker', broker: 7 });
    expect(errorsOf(s)).toEqual([`actions[3].broker: no broker 7`]);
  });

  it('rejects unknown fields, unknown action types and wrong types, each by path', () => {
    const s = base();
    s.colour = 'blue';
    s.actions[0].explode = true;
    s.actions.push({ at: 5, type: 'explode' });
    s.cluster.brokers[0].id = 'one';
    const errors = errorsOf(s);
    expect(errors).toContain('colour: unknown field');
    expect(errors).toContain('actions[0].explode: unknown field');
    expect(errors.some((e) => e.startsWith('actions[3].type: unknown type; expected one of produce,'))).toBe(
      true,
    );
    expect(errors.some((e) => e.startsWith('cluster.brokers[0].id: expected number'))).toBe(true);
  });

  it('reports missing fields and out-of-range values', () => {
    const s = base();
    delete s.seed;
    s.topics[0].partitions = 0;
    const errors = errorsOf(s);
    expect(errors.some((e) => e.startsWith('seed: expected number, got nothing'))).toBe(true);
    expect(errors.some((e) => e.startsWith('topics[0].partitions:'))).toBe(true);
  });

  it('checks topics with Kafka’s rules and error names', () => {
    const s = base();
    s.topics.push({ name: 'bad name!', partitions: 1, replicationFactor: 4 });
    s.topics.push({ name: 'orders', partitions: 1, replicationFactor: 1 });
    const errors = errorsOf(s);
    expect(errors.some((e) => e.startsWith('topics[1].name: INVALID_TOPIC_EXCEPTION'))).toBe(true);
    expect(errors.some((e) => e.startsWith('topics[1].replicationFactor: INVALID_REPLICATION_FACTOR'))).toBe(
      true,
    );
    expect(errors.some((e) => e.startsWith('topics[2].name: TOPIC_ALREADY_EXISTS'))).toBe(true);
  });

  it('checks config names and values as Kafka does', () => {
    const s = base();
    s.cluster.config['min.insync.replica'] = 2;
    s.clients[0].config.acks = 2;
    s.topics[0].config = { 'cleanup.policy': 'keep' };
    const errors = errorsOf(s);
    expect(errors).toContain('cluster.config.min.insync.replica: unknown broker config');
    expect(errors).toContain(
      'clients[0].config.acks: Invalid value 2 for configuration acks: must be one of all, -1, 0, 1',
    );
    expect(errors.some((e) => e.startsWith('topics[0].config.cleanup.policy: Invalid value "keep"'))).toBe(
      true,
    );
  });

  it('knows clients and brokers added by earlier actions, and only by earlier ones', () => {
    const s = base();
    s.actions.push({ at: 100, type: 'killBroker', broker: 4 });
    s.actions.push({ at: 50, type: 'addBroker', broker: 4 });
    s.actions.push({ at: 10, type: 'killClient', client: 'late' });
    s.actions.push({
      at: 20,
      type: 'addClient',
      client: { id: 'late', type: 'producer', bootstrapServers: [4] },
    });
    const errors = errorsOf(s);
    expect(errors).toEqual([
      'actions[5].client: no client "late"',
      'actions[6].client.bootstrapServers[0]: no broker 4',
    ]);
  });

  it('refuses text that is not JSON, or too large, with a clear message', () => {
    const bad = parseScenario('{"version": 1,');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors[0]).toMatch(/^\(scenario\): not valid JSON/);
    const huge = parseScenario(' '.repeat(6 * 1024 * 1024));
    expect(huge.ok).toBe(false);
    if (!huge.ok) expect(huge.errors[0]).toMatch(/too large/);
  });

  it('is not fooled by prototype keys', () => {
    const s = JSON.parse(
      '{"version":1,"seed":1,"cluster":{"brokers":1,"config":{"__proto__":{"polluted":1},"constructor":1}}}',
    );
    const errors = errorsOf(s);
    expect(errors).toEqual(['cluster.config.__proto__: forbidden key']);
    delete s.cluster.config['__proto__'];
    expect(errorsOf(s)).toEqual(['cluster.config.constructor: unknown broker config']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
