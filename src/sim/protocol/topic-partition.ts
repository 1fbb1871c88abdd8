// The name of a topic-partition, `${topic}-${partition}`, as nodes key their per-partition tables.
// Built for every record on the hot paths, so each name is built once and kept: the same string object
// every time, whose hash a lookup has already computed. A cache of derived values: emptied when large.

const names = new Map<string, string[]>();
const MAX_TOPICS = 1024;

export function topicPartitionName(topic: string, partition: number): string {
  let byPartition = names.get(topic);
  if (byPartition === undefined) {
    if (names.size >= MAX_TOPICS) names.clear();
    names.set(topic, (byPartition = []));
  }
  if (partition >= 0 && partition < 65536 && Number.isInteger(partition)) {
    return (byPartition[partition] ??= `${topic}-${partition}`);
  }
  return `${topic}-${partition}`;
}

/** The topic and partition a `${topic}-${partition}` name stands for (a topic name may hold dashes). */
export function parseTopicPartitionName(name: string): { topic: string; partition: number } {
  const i = name.lastIndexOf('-');
  return { topic: name.slice(0, i), partition: Number(name.slice(i + 1)) };
}
