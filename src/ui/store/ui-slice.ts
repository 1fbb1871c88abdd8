// The view slice: what the person is looking at (selected partition, hidden message kinds, tabs).
import type { StateCreator } from 'zustand';
import type { MsgCategory } from '../data/types';

export interface TopicPartitionRef {
  topic: string;
  partition: number;
}

export type BottomTab = 'topics' | 'inspector' | 'groups' | 'zookeeper' | 'charts' | 'checker';

/** Records the guarantee checker pointed at, marked in the partition inspector. */
export interface InspectorFocus extends TopicPartitionRef {
  /** The checker's kind (lost-write, duplicate, ...). */
  kind: string;
  offsets: number[];
  /** Virtual time of the cause. */
  at: number;
}
export type ActionTab = 'topics' | 'produce' | 'brokers' | 'network' | 'clients';

export interface UiSlice {
  selected: TopicPartitionRef | null;
  hidden: Partial<Record<MsgCategory, boolean>>;
  bottomTab: BottomTab;
  actionTab: ActionTab;
  /** Show each message (false: only the aggregated flows). */
  showMessages: boolean;
  focus: InspectorFocus | null;
  select(tp: TopicPartitionRef | null): void;
  toggleCategory(c: MsgCategory): void;
  setBottomTab(t: BottomTab): void;
  setActionTab(t: ActionTab): void;
  setShowMessages(v: boolean): void;
  /** Opens the inspector on the partition of a finding, its records marked (null: clears the marks). */
  setFocus(f: InspectorFocus | null): void;
}

export const createUiSlice: StateCreator<UiSlice, [], [], UiSlice> = (set) => ({
  selected: null,
  hidden: {},
  bottomTab: 'topics',
  actionTab: 'topics',
  showMessages: true,
  focus: null,
  select: (selected) =>
    set((s) => {
      // Another partition chosen: the checker's marks were for the one it pointed at.
      const keep = s.focus && selected?.topic === s.focus.topic && selected.partition === s.focus.partition;
      return selected
        ? { selected, bottomTab: 'inspector', ...(keep ? {} : { focus: null }) }
        : { selected, focus: null };
    }),
  toggleCategory: (c) => set((s) => ({ hidden: { ...s.hidden, [c]: !s.hidden[c] } })),
  setBottomTab: (bottomTab) => set({ bottomTab }),
  setActionTab: (actionTab) => set({ actionTab }),
  setShowMessages: (showMessages) => set({ showMessages }),
  setFocus: (focus) =>
    set(
      focus
        ? { focus, selected: { topic: focus.topic, partition: focus.partition }, bottomTab: 'inspector' }
        : { focus: null },
    ),
});
