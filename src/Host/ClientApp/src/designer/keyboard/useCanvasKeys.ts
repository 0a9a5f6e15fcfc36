import { useCallback, useRef } from 'react';
import { useReactFlow } from '@xyflow/react';
import type { Direction } from '../../model/navigation';
import { useDesignerStore } from '../context';

const arrows: Record<string, Direction> = { ArrowLeft: 'left', ArrowRight: 'right', ArrowUp: 'up', ArrowDown: 'down' };
const zoomStep = 1.2;
const zoomMs = 150;
const minZoom = 0.01;
const maxZoom = 2;

export function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName);
}

/** The canvas's keys (the shortcut list in ShortcutsHelp.tsx says the same). */
export function useCanvasKeys(focusPalette: () => void) {
  const store = useDesignerStore();
  const flow = useReactFlow();
  // A zoom key pressed while the previous step is still animating steps on from where that step is going: each step
  // starting from the zoom on screen would lose the steps whose animation had not begun.
  const zoomTarget = useRef<{ zoom: number; until: number } | null>(null);
  const zoomBy = useCallback(
    (factor: number) => {
      const now = performance.now();
      const from = zoomTarget.current && now < zoomTarget.current.until ? zoomTarget.current.zoom : flow.getZoom();
      const zoom = Math.min(Math.max(from * factor, minZoom), maxZoom);
      zoomTarget.current = { zoom, until: now + zoomMs + 100 };
      void flow.zoomTo(zoom, { duration: zoomMs });
    },
    [flow],
  );
  return useCallback(
    (e: React.KeyboardEvent) => {
      if (isTyping(e.target)) return;
      const s = store.getState();
      const key = e.key;
      const ctrl = e.ctrlKey || e.metaKey;
      const direction = arrows[key];
      let handled = true;
      if (direction && e.shiftKey && !ctrl) {
        const step = 20;
        s.moveSelection(direction === 'left' ? -step : direction === 'right' ? step : 0, direction === 'up' ? -step : direction === 'down' ? step : 0);
      } else if (direction && e.altKey) {
        const { x, y, zoom } = flow.getViewport();
        void flow.setViewport({ x: x + (direction === 'left' ? 100 : direction === 'right' ? -100 : 0), y: y + (direction === 'up' ? 100 : direction === 'down' ? -100 : 0), zoom });
      } else if (direction && !ctrl) s.step(direction);
      else if (ctrl && key.toLowerCase() === 'a') s.selectAll();
      else if (ctrl && key.toLowerCase() === 'c') s.copySelection();
      else if (ctrl && key.toLowerCase() === 'x') s.copySelection(true);
      else if (ctrl && key.toLowerCase() === 'v') s.paste();
      else if (ctrl && key.toLowerCase() === 'g') s.openDialog('goto');
      else if (ctrl || e.altKey) handled = false;
      else if (key === 'Delete' || key === 'Backspace') s.deleteSelection();
      else if (key === 'k' || key === 'K') s.openConnect(s.current);
      else if (key === 'e' || key === 'E') s.cycleEdges();
      else if (key === 'g' || key === 'G') s.openDialog('goto');
      else if (key === '+' || key === '=') zoomBy(zoomStep);
      else if (key === '-') zoomBy(1 / zoomStep);
      else if (key === '0') void flow.fitView({ duration: 200, padding: 0.1 });
      else if (key === 'Enter' && s.current) s.goToInputs(s.current);
      else if (key === 'Escape') s.clearSelection();
      else if (key === 'a' || key === 'A' || key === '/') focusPalette();
      else if (key === '?') s.openDialog('help');
      else handled = false;
      if (handled) {
        e.preventDefault();
        e.stopPropagation();
      }
    },
    [flow, focusPalette, store, zoomBy],
  );
}
