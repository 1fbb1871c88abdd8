// The view slice: what the person is looking at (selected partition, hidden message kinds, tabs).
import type { StateCreator } from 'zustand';
import type { MsgCategory } from '../data/types';

export interface TopicPartitionRef {
  topic: string;
  partition: number;
}

export type BottomTab = 'topics' | 'inspector' | 'groups' | 'zookeeper' | 'charts';
export type ActionTab = 'topics' | 'produce' | 'brokers' | 'network' | 'clients';

export interface UiSlice {
  selected: TopicPartitionRef | null;
  hidden: Partial<Record<MsgCategory, boolean>>;
  bottomTab: BottomTab;
  actionTab: ActionTab;
  /** Show each message (false: only the aggregated flows). */
  showMessages: boolean;
  select(tp: TopicPartitionRef | null): void;
  toggleCategory(c: MsgCategory): void;
  setBottomTab(t: BottomTab): void;
  setActionTab(t: ActionTab): void;
  setShowMessages(v: boolean): void;
}

export const createUiSlice: StateCreator<UiSlice, [], [], UiSlice> = (set) => ({
  selected: null,
  hidden: {},
  bottomTab: 'topics',
  actionTab: 'topics',
  showMessages: true,
  select: (selected) => set(selected ? { selected, bottomTab: 'inspector' } : { selected }),
  toggleCategory: (c) => set((s) => ({ hidden: { ...s.hidden, [c]: !s.hidden[c] } })),
  setBottomTab: (bottomTab) => set({ bottomTab }),
  setActionTab: (actionTab) => set({ actionTab }),
  setShowMessages: (showMessages) => set({ showMessages }),
});
