import { useCallback, type RefObject } from 'react';
import { farZoom } from '../model/viewport';

/**
 * Tells the canvas element the zoom as CSS: `--zoom` (titles grow as the view shrinks), `--handle-scale`
 * (a handle's hit area stays 24 px or more on screen) and data-zoom="far" below {@link farZoom}, where
 * nodes show only their title (see ActivityNode.css). Written straight to the element: zooming re-renders
 * no component.
 */
export function applyZoom(element: HTMLElement | null, zoom: number) {
  if (!element) return;
  element.style.setProperty('--zoom', String(zoom));
  element.style.setProperty('--handle-scale', String(Math.min(Math.max(1 / zoom, 1), 1 / farZoom)));
  const far = zoom < farZoom;
  if ((element.dataset.zoom === 'far') !== far) element.dataset.zoom = far ? 'far' : 'near';
}

/** An onMove handler for React Flow that keeps the canvas's zoom styles current. */
export function useSemanticZoom(canvas: RefObject<HTMLElement | null>) {
  return useCallback((_: unknown, viewport: { zoom: number }) => applyZoom(canvas.current, viewport.zoom), [canvas]);
}
