import { describe, expect, it } from 'vitest';
import { findActivities, nearestActivity } from './navigation';
import { activity } from './testing';

describe('keyboard navigation', () => {
  const activities = [activity('start', 'Elsa.Start', 0, 0), activity('right', 'Elsa.WriteLine', 300, 0), activity('below', 'Elsa.WriteLine', 0, 200), activity('far', 'Elsa.WriteLine', 900, 20)];

  it('starts at the start activity and follows the row before jumping rows', () => {
    expect(nearestActivity(activities, undefined, 'right')).toBe('start');
    expect(nearestActivity(activities, activities[0], 'right')).toBe('right');
    expect(nearestActivity(activities, activities[0], 'down')).toBe('below');
    expect(nearestActivity(activities, activities[0], 'left')).toBeNull();
  });

  it('finds activities by name: names that start with the text first, then words, then anywhere', () => {
    const items = [
      { id: 'agentAttest', label: 'Agentens attest', typeName: 'Kundportal.AgentAttestation' },
      { id: 'customerAttest', label: 'Kundens attest', typeName: 'Kundportal.CustomerAttestation' },
      { id: 'end', label: 'Klar', typeName: 'Elsa.End' },
    ];
    expect(findActivities(items, 'kl').map((i) => i.id)).toEqual(['end']);
    expect(findActivities(items, 'attest').map((i) => i.id)).toEqual(['agentAttest', 'customerAttest']);
    expect(findActivities(items, 'kund').map((i) => i.id)).toEqual(['customerAttest', 'agentAttest']);
    expect(findActivities(items, '')).toBe(items);
  });
});
