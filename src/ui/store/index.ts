// The playground's store: one zustand store made of slices (simulation, view).
import { create } from 'zustand';
import { createSimSlice, type SimSlice } from './sim-slice';
import { createUiSlice, type UiSlice } from './ui-slice';

export type Store = SimSlice & UiSlice;

export const useStore = create<Store>()((...a) => ({
  ...createSimSlice(...a),
  ...createUiSlice(...a),
}));
