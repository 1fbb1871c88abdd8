// A click on a finding: time moves to the moment of its cause (the timeline's own pause-and-seek), and
// the partition inspector opens on its partition with the offending records marked.
import { useStore } from '../store/index';
import type { Finding } from '../data/violations';

export function jumpToFinding(f: Finding): void {
  const st = useStore.getState();
  st.driver?.pause();
  st.driver?.seek(f.at);
  st.setFocus({ topic: f.topic, partition: f.partition, kind: f.kind, offsets: f.offsets, at: f.at });
}
