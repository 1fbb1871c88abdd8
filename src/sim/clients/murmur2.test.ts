import { describe, expect, it } from 'vitest';
import { murmur2, murmur2String, toPositive, utf8Bytes } from './murmur2';

describe('murmur2 (Utils.murmur2)', () => {
  // UtilsTest.testMurmur2 vectors from Apache Kafka.
  it.each([
    ['21', -973932308],
    ['foobar', -790332482],
    ['a-little-bit-long-string', -985981536],
    ['a-little-bit-longer-string', -1486304829],
    ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
    ['abc', 479470107],
  ])('murmur2(%j) = %i', (s, expected) => {
    expect(murmur2(utf8Bytes(s))).toBe(expected);
  });

  it('toPositive is a mask, not abs', () => {
    expect(toPositive(-1)).toBe(0x7fffffff);
    expect(toPositive(-0x80000000)).toBe(0);
    expect(toPositive(5)).toBe(5);
  });

  it('utf8Bytes encodes multi-byte characters like String.getBytes(UTF_8)', () => {
    expect([...utf8Bytes('é€')]).toEqual([0xc3, 0xa9, 0xe2, 0x82, 0xac]);
  });

  it('murmur2String hashes a string as murmur2 of its UTF-8 bytes', () => {
    for (const s of [
      '',
      'a',
      'ab',
      'abc',
      'abcd',
      'k{i}-12345',
      'é€',
      'x\u{1F600}y',
      '\uD800',
      'a'.repeat(101),
    ])
      expect(murmur2String(s)).toBe(murmur2(utf8Bytes(s)));
  });
});
