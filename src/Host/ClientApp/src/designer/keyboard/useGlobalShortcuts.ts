import { useEffect } from 'react';
import { useDesignerStore } from '../context';
import { isTyping } from './useCanvasKeys';

/** Ctrl+S saves anywhere on the page; Ctrl+Z / Ctrl+Y (or Ctrl+Shift+Z) undo and redo outside text fields. */
export function useGlobalShortcuts(save: () => void) {
  const store = useDesignerStore();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey)) return;
      const k = e.key.toLowerCase();
      if (k === 's') {
        e.preventDefault();
        save();
        return;
      }
      if (isTyping(e.target)) return;
      const s = store.getState();
      if (k === 'z' && !e.shiftKey) {
        e.preventDefault();
        s.undo();
        s.announce('Ångrade.');
      } else if ((k === 'z' && e.shiftKey) || k === 'y') {
        e.preventDefault();
        s.redo();
        s.announce('Gjorde om.');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [save, store]);
}
