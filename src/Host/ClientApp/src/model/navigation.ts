import type { ActivityJson } from '../api/types';
import { positionOf } from './definition';
import { NODE_WIDTH } from './graph';

export type Direction = 'left' | 'right' | 'up' | 'down';

/** The start activity, or the leftmost one. */
export function startActivity(activities: ActivityJson[]): ActivityJson | undefined {
  return activities.find((a) => a.type === 'Elsa.Start') ?? [...activities].sort((a, b) => (positionOf(a)?.x ?? 0) - (positionOf(b)?.x ?? 0))[0];
}

/**
 * The activity nearest to `from` in a direction, counting distance across the direction double, so
 * ArrowRight follows a row rather than jumping to a closer box above it. Without `from`: the start.
 */
export function nearestActivity(activities: ActivityJson[], from: ActivityJson | undefined, direction: Direction): string | null {
  if (!from) return startActivity(activities)?.id ?? null;
  const centre = (a: ActivityJson) => {
    const p = positionOf(a) ?? { x: 0, y: 0 };
    return { x: p.x + NODE_WIDTH / 2, y: p.y + 30 };
  };
  const o = centre(from);
  let best: string | null = null;
  let bestScore = Infinity;
  for (const a of activities) {
    if (a.id === from.id) continue;
    const c = centre(a);
    const dx = c.x - o.x;
    const dy = c.y - o.y;
    const primary = direction === 'right' ? dx : direction === 'left' ? -dx : direction === 'down' ? dy : -dy;
    const secondary = direction === 'left' || direction === 'right' ? Math.abs(dy) : Math.abs(dx);
    if (primary <= 1) continue;
    const score = primary + secondary * 2;
    if (score < bestScore) {
      bestScore = score;
      best = a.id;
    }
  }
  return best;
}

/** Activities whose name, id or type matches the text, best first: names that start with it, then names that contain it. */
export function findActivities<T extends { id: string; label: string; typeName: string }>(items: T[], query: string): T[] {
  const q = query.trim().toLocaleLowerCase('sv');
  if (!q) return items;
  const rank = (t: T) => {
    const label = t.label.toLocaleLowerCase('sv');
    if (label.startsWith(q)) return 0;
    if (label.split(/\s+/).some((w) => w.startsWith(q))) return 1;
    if (label.includes(q)) return 2;
    if (t.id.toLocaleLowerCase('sv').includes(q)) return 3;
    if (t.typeName.toLocaleLowerCase('sv').includes(q)) return 4;
    return -1;
  };
  return items
    .map((t, i) => ({ t, r: rank(t), i }))
    .filter((x) => x.r >= 0)
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map((x) => x.t);
}
