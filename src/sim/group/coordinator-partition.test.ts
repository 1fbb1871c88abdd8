import { describe, expect, it } from 'vitest';
import { coordinatorPartition, javaStringHashCode, kafkaAbs } from './coordinator-partition';

describe('javaStringHashCode', () => {
  it('matches String.hashCode', () => {
    expect(javaStringHashCode('')).toBe(0);
    expect(javaStringHashCode('hello')).toBe(99162322);
    expect(javaStringHashCode('Aa')).toBe(javaStringHashCode('BB'));
    expect(javaStringHashCode('polygenelubricants')).toBe(-0x80000000);
    expect(javaStringHashCode('group')).toBe(98629247);
  });
  it('works on UTF-16 code units', () => {
    expect(javaStringHashCode('😀')).toBe((0xd83d * 31 + 0xde00) | 0);
  });
});

describe('coordinatorPartition', () => {
  it('is Utils.abs(hashCode) % n with abs(MIN_VALUE) = 0', () => {
    expect(kafkaAbs(-0x80000000)).toBe(0);
    expect(coordinatorPartition('polygenelubricants', 50)).toBe(0);
    expect(coordinatorPartition('group', 50)).toBe(98629247 % 50);
    expect(coordinatorPartition('hello')).toBe(99162322 % 50);
    const neg = 'hello world'; // hashCode 1794106052
    expect(coordinatorPartition(neg, 50)).toBe(Math.abs(javaStringHashCode(neg)) % 50);
  });
});
