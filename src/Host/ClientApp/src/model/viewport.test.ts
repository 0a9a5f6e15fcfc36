import { describe, expect, it } from 'vitest';
import { legibleZoom, readableView } from './viewport';

const box = (x: number, y = 0) => ({ x, y, w: 220, h: 80 });

describe('the opening view', () => {
  it('shows a small flowchart whole, at no more than 100 %', () => {
    const view = readableView([box(0), box(300)], box(0), 1000, 600);
    expect(view.whole).toBe(true);
    expect(view.zoom).toBe(1);
    // Centred: the same margin left and right.
    expect(view.x).toBeCloseTo(1000 - (view.x + 520 * view.zoom), 5);
  });

  it('opens a wide flowchart at 100 % with its start at the left edge, rather than fitting it unreadably small', () => {
    const boxes = Array.from({ length: 17 }, (_, i) => box(i * 300, (i % 2) * 120));
    const view = readableView(boxes, boxes[0], 900, 700);
    expect(view.whole).toBe(false);
    expect(view.zoom).toBe(1);
    expect(view.x).toBe(40);
    // The first row of activities is within the screen's height.
    expect(view.y).toBeGreaterThan(0);
    expect(view.y + 200).toBeLessThan(700);
  });

  it('fits the whole flowchart when that keeps it legible', () => {
    const boxes = [box(0), box(1000)];
    const view = readableView(boxes, boxes[0], 1100, 600);
    expect(view.whole).toBe(true);
    expect(view.zoom).toBeGreaterThanOrEqual(legibleZoom);
    expect(view.zoom).toBeLessThan(1);
  });
});
