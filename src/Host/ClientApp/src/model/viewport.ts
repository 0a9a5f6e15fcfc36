import type { Box } from './placement';

// Where the view opens: the whole flowchart when it can be read at that size, otherwise 100 % at its
// start. Titles are 14 px at 100 %; below `legibleZoom` they would be smaller than about 10 px.

export const legibleZoom = 0.75;
/** Below this zoom the nodes switch to their simplified look: only a large title. */
export const farZoom = 0.6;

export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

export interface ViewChoice extends Viewport {
  /** True when the whole flowchart is in view. */
  whole: boolean;
}

export function boundsOf(boxes: Box[]): Box | null {
  if (boxes.length === 0) return null;
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y));
  const right = Math.max(...boxes.map((b) => b.x + b.w));
  const bottom = Math.max(...boxes.map((b) => b.y + b.h));
  return { x, y, w: right - x, h: bottom - y };
}

/**
 * The opening view for a canvas of `width` × `height` pixels. `start` is the box of the start activity
 * (or the leftmost one): at 100 % it sits at the left edge, centred vertically on the flowchart's
 * activities near it.
 */
export function readableView(boxes: Box[], start: Box | null, width: number, height: number, padding = 40): ViewChoice {
  const all = boundsOf(boxes);
  if (!all || width <= 0 || height <= 0) return { x: 0, y: 0, zoom: 1, whole: true };
  const fit = Math.min((width - 2 * padding) / all.w, (height - 2 * padding) / all.h, 1);
  if (fit >= legibleZoom) {
    return { x: (width - all.w * fit) / 2 - all.x * fit, y: (height - all.h * fit) / 2 - all.y * fit, zoom: fit, whole: true };
  }
  const anchor = start ?? all;
  // Centre vertically on what lies in the first screenful to the right of the start.
  const near = boxes.filter((b) => b.x >= anchor.x - 10 && b.x < anchor.x + width - 2 * padding);
  const band = boundsOf(near.length ? near : [anchor])!;
  const top = band.h <= height - 2 * padding ? band.y + band.h / 2 - height / 2 : anchor.y + anchor.h / 2 - height / 2;
  return { x: padding - anchor.x, y: -top, zoom: 1, whole: false };
}
