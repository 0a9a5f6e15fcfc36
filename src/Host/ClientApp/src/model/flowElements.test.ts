import { describe, expect, it } from 'vitest';
import { activitiesOf, connectionIds, connectionsOf, descriptorMap, outgoingPorts, updateActivity } from './definition';
import { edgeBuilder, nodeBuilder, type NodeState } from './flowElements';
import { chain, descriptors } from './testing';

const map = descriptorMap(descriptors);
const state = (doc: ReturnType<typeof chain>, over: Partial<NodeState> = {}): NodeState => ({
  used: outgoingPorts(connectionsOf(doc)),
  errorCount: () => 0,
  selected: () => false,
  current: null,
  highlighted: null,
  ...over,
});

describe('React Flow nodes and edges', () => {
  it('rebuilds only the node whose activity or state changed', () => {
    const build = nodeBuilder(map);
    const doc = chain();
    const first = build(activitiesOf(doc), state(doc));
    const renamed = updateActivity(doc, 'a', (a) => ({ ...a, metadata: { ...a.metadata, displayText: 'Nytt namn' } }));
    const second = build(activitiesOf(renamed), state(renamed, { selected: (id) => id === 'b' }));
    expect(second[0]).toBe(first[0]);
    expect(second[3]).toBe(first[3]);
    expect(second[1]).not.toBe(first[1]);
    expect(second[1].data.label).toBe('Nytt namn');
    expect(second[2].selected).toBe(true);
  });

  it('gives every node its size and handles up front, so edges draw without measuring', () => {
    const doc = chain();
    const [start, a] = nodeBuilder(map)(activitiesOf(doc), state(doc));
    expect(start.handles?.map((h) => h.id)).toEqual(['Done']);
    expect(a.handles?.map((h) => `${h.type}:${h.id}`)).toEqual(['target:In', 'source:Done']);
    expect(a.measured).toEqual({ width: a.width, height: a.height });
  });

  it('keeps edges whose connection and labels are unchanged', () => {
    const build = edgeBuilder();
    const doc = chain();
    const connections = connectionsOf(doc);
    const ids = connectionIds(connections);
    const first = build(connections, ids, (id) => id, () => false);
    const second = build(connections, ids, (id) => id, (id) => id === ids[1]);
    expect(second[0]).toBe(first[0]);
    expect(second[1].selected).toBe(true);
    expect(first[0].ariaLabel).toBe('Koppling: start (Done) till a');
  });
});
