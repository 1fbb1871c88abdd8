import { describe, expect, it } from 'vitest';
import { parseTopicPartitionName, topicPartitionName } from './topic-partition';

describe('topic-partition names', () => {
  it('read back the topic and partition they were built from, dashes in the topic included', () => {
    for (const [topic, partition] of [
      ['orders', 0],
      ['orders-eu-west', 12],
      ['__consumer_offsets', 49],
      ['a-1', 70000],
    ] as const) {
      expect(parseTopicPartitionName(topicPartitionName(topic, partition))).toEqual({ topic, partition });
    }
  });
});
