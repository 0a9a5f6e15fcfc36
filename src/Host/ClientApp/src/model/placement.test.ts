import { describe, expect, it } from 'vitest';
import { descriptorMap } from './definition';
import { freeSpot, isFree, obstaclesOf } from './placement';
import { activity, chain, connection, descriptors } from './testing';

const map = descriptorMap(descriptors);
const size = { w: 220, h: 82 };

describe('placing a new activity', () => {
  it('keeps a spot that is free', () => {
    const { root } = chain();
    const obstacles = obstaclesOf(root.activities, root.connections, map);
    expect(freeSpot({ x: 0, y: 400 }, size, obstacles)).toEqual({ x: 0, y: 400 });
  });

  it('moves off a connection it would cover, even where no box is', () => {
    // Two activities far apart: the connection runs through empty space between them.
    const activities = [activity('left', 'Elsa.WriteLine', 0, 0), activity('right', 'Elsa.WriteLine', 1200, 0)];
    const obstacles = obstaclesOf(activities, [connection('left', 'Done', 'right')], map);
    const onTheLine = { x: 500, y: -10 };
    expect(isFree({ ...onTheLine, ...size }, obstacles)).toBe(false);
    const spot = freeSpot(onTheLine, size, obstacles);
    expect(isFree({ ...spot, ...size }, obstacles)).toBe(true);
    expect(Math.abs(spot.x - onTheLine.x) + Math.abs(spot.y - onTheLine.y)).toBeLessThan(400);
  });

  it('moves off another activity', () => {
    const { root } = chain();
    const obstacles = obstaclesOf(root.activities, root.connections, map);
    const spot = freeSpot({ x: 300, y: 0 }, size, obstacles);
    expect(spot).not.toEqual({ x: 300, y: 0 });
    expect(isFree({ ...spot, ...size }, obstacles)).toBe(true);
  });
});
