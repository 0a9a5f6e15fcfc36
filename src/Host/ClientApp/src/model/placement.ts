import type { ActivityJson, ConnectionJson, Position } from '../api/types';
import { outgoingPorts, portsOf, positionOf, type DescriptorMap } from './definition';
import { HANDLE, nodeHeight, nodeWidth, sourceHandleTop, targetHandleTop } from './graph';

// Where a new activity goes: near where it was asked for, but never on top of another activity or
// across a connection (a box dropped on an edge hides it and looks connected when it is not).

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Obstacles {
  boxes: Box[];
  /** Each connection as a polyline along the curve React Flow draws. */
  paths: Position[][];
}

/** Clear space kept around a new activity. */
const margin = 24;

export function obstaclesOf(activities: ActivityJson[], connections: ConnectionJson[], descriptors: DescriptorMap): Obstacles {
  const used = outgoingPorts(connections);
  const byId = new Map<string, { box: Box; ports: string[] }>();
  for (const a of activities) {
    const p = positionOf(a) ?? { x: 0, y: 0 };
    const ports = portsOf(a, descriptors.get(a.type), used.get(a.id));
    byId.set(a.id, { box: { x: p.x, y: p.y, w: nodeWidth(a), h: nodeHeight(ports.length) }, ports });
  }
  const paths: Position[][] = [];
  for (const c of connections) {
    const s = byId.get(c.source.activity);
    const t = byId.get(c.target.activity);
    if (!s || !t) continue;
    const port = Math.max(0, s.ports.indexOf(c.source.port ?? 'Done'));
    const from = { x: s.box.x + s.box.w, y: s.box.y + sourceHandleTop(port) + HANDLE / 2 };
    const to = { x: t.box.x, y: t.box.y + targetHandleTop + HANDLE / 2 };
    paths.push(bezier(from, to));
  }
  return { boxes: [...byId.values()].map((v) => v.box), paths };
}

/** React Flow's default edge from a right-hand source handle to a left-hand target handle, as 16 straight pieces. */
function bezier(from: Position, to: Position): Position[] {
  const offset = (d: number) => (d >= 0 ? 0.5 * d : 0.25 * 25 * Math.sqrt(-d));
  const c1 = { x: from.x + offset(to.x - from.x), y: from.y };
  const c2 = { x: to.x - offset(to.x - from.x), y: to.y };
  const points: Position[] = [];
  for (let i = 0; i <= 16; i++) {
    const t = i / 16;
    const u = 1 - t;
    points.push({
      x: u * u * u * from.x + 3 * u * u * t * c1.x + 3 * u * t * t * c2.x + t * t * t * to.x,
      y: u * u * u * from.y + 3 * u * u * t * c1.y + 3 * u * t * t * c2.y + t * t * t * to.y,
    });
  }
  return points;
}

export function isFree(box: Box, obstacles: Obstacles): boolean {
  const b = { x: box.x - margin, y: box.y - margin, w: box.w + 2 * margin, h: box.h + 2 * margin };
  if (obstacles.boxes.some((o) => b.x < o.x + o.w && o.x < b.x + b.w && b.y < o.y + o.h && o.y < b.y + b.h)) return false;
  return !obstacles.paths.some((path) => path.some((p, i) => i > 0 && segmentHitsBox(path[i - 1], p, b)));
}

/**
 * The free spot nearest to `preferred` for a box of `size`: the same row first (to the right, then the
 * left), then rows further up and down.
 */
export function freeSpot(preferred: Position, size: { w: number; h: number }, obstacles: Obstacles): Position {
  const candidates: { p: Position; cost: number }[] = [];
  const stepX = size.w + 60;
  const stepY = 70;
  for (let row = -20; row <= 20; row++) {
    for (let col = -3; col <= 6; col++) {
      const p = { x: preferred.x + col * stepX, y: preferred.y + row * stepY };
      candidates.push({ p, cost: Math.abs(row) * stepY * 1.5 + (col < 0 ? -col * stepX * 1.3 : col * stepX) });
    }
  }
  candidates.sort((a, b) => a.cost - b.cost);
  for (const { p } of candidates) if (isFree({ ...p, ...size }, obstacles)) return { x: Math.round(p.x), y: Math.round(p.y) };
  // Everything near is taken: below the lowest activity.
  const bottom = Math.max(...obstacles.boxes.map((o) => o.y + o.h), preferred.y);
  return { x: Math.round(preferred.x), y: Math.round(bottom + 2 * margin) };
}

function segmentHitsBox(a: Position, b: Position, box: Box): boolean {
  const inside = (p: Position) => p.x >= box.x && p.x <= box.x + box.w && p.y >= box.y && p.y <= box.y + box.h;
  if (inside(a) || inside(b)) return true;
  const corners = [
    { x: box.x, y: box.y },
    { x: box.x + box.w, y: box.y },
    { x: box.x + box.w, y: box.y + box.h },
    { x: box.x, y: box.y + box.h },
  ];
  return corners.some((c, i) => segmentsCross(a, b, c, corners[(i + 1) % 4]));
}

function segmentsCross(p1: Position, p2: Position, p3: Position, p4: Position): boolean {
  const d = (a: Position, b: Position, c: Position) => (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
  const d1 = d(p3, p4, p1);
  const d2 = d(p3, p4, p2);
  const d3 = d(p1, p2, p3);
  const d4 = d(p1, p2, p4);
  return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0));
}

export function activityBox(activity: ActivityJson, ports: number): Box {
  const p = positionOf(activity) ?? { x: 0, y: 0 };
  return { x: p.x, y: p.y, w: nodeWidth(activity), h: nodeHeight(ports) };
}
