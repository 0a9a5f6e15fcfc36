import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { DesignerState, DesignerStore } from './store';

export const DesignerContext = createContext<DesignerStore | null>(null);

/** The editor's store, for actions and reading the current state inside event handlers. */
export function useDesignerStore(): DesignerStore {
  const store = useContext(DesignerContext);
  if (!store) throw new Error('useDesignerStore outside the designer.');
  return store;
}

/** A slice of the editor's state; the component re-renders only when the slice changes (compared with Object.is). */
export function useDesigner<T>(selector: (s: DesignerState) => T): T {
  return useStore(useDesignerStore(), selector);
}
