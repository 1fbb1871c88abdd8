// Kafka's topic-name rules (org.apache.kafka.common.internals.Topic.validate), with its error name.
const LEGAL = /^[a-zA-Z0-9._-]+$/;
export const MAX_TOPIC_NAME_LENGTH = 249;

/** null if legal, else the error as Kafka words it. */
export function topicNameError(name: string): string | null {
  const bad = (why: string) => `INVALID_TOPIC_EXCEPTION: ${why}`;
  if (name.length === 0) return bad("Topic name is illegal, it can't be empty");
  if (name === '.' || name === '..') return bad('Topic name cannot be "." or ".."');
  if (name.length > MAX_TOPIC_NAME_LENGTH) {
    return bad(
      `Topic name is illegal, it can't be longer than ${MAX_TOPIC_NAME_LENGTH} characters, topic name: ${name.slice(0, 40)}...`,
    );
  }
  if (!LEGAL.test(name)) {
    return bad(
      `Topic name "${name.slice(0, 60)}" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'`,
    );
  }
  return null;
}
