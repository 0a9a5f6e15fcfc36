import type { ActivityJson, ConnectionJson } from '../api/types';
import { portsOf, type DescriptorMap } from './definition';
import { buildEdge, buildNode, type ActivityFlowNode, type ConnectionFlowEdge } from './graph';

// React Flow re-renders a node when its object changes. The editor rebuilds its node list on every
// change, so these builders hand back the previous object for each activity whose inputs are all the
// same (the document shares unchanged activities between versions): a keystroke re-renders one node.

export interface NodeState {
  used: Map<string, Set<string>>;
  errorCount: (id: string) => number;
  selected: (id: string) => boolean;
  current: string | null;
  highlighted: string | null;
}

type Entry<T> = { key: unknown[]; value: T };

function same(a: unknown[], b: unknown[]): boolean {
  return a.length === b.length && a.every((k, i) => k === b[i]);
}

/** A function from the current activities to React Flow nodes that reuses unchanged nodes from its previous call. */
export function nodeBuilder(descriptors: DescriptorMap) {
  let previous = new Map<string, Entry<ActivityFlowNode>>();
  return (activities: ActivityJson[], s: NodeState): ActivityFlowNode[] => {
    const next = new Map<string, Entry<ActivityFlowNode>>();
    const nodes = activities.map((a) => {
      const descriptor = descriptors.get(a.type);
      const ports = portsOf(a, descriptor, s.used.get(a.id));
      const key = [a, ports.join('\u0001'), s.errorCount(a.id), s.selected(a.id), s.current === a.id, s.highlighted === a.id];
      const hit = previous.get(a.id);
      const node =
        hit && same(hit.key, key)
          ? hit.value
          : buildNode(a, descriptor, descriptors, {
              ports,
              errorCount: key[2] as number,
              selected: key[3] as boolean,
              focusable: key[4] as boolean,
              highlight: key[5] as boolean,
            });
      next.set(a.id, { key, value: node });
      return node;
    });
    previous = next;
    return nodes;
  };
}

/** Like {@link nodeBuilder}, for connections. */
export function edgeBuilder() {
  let previous = new Map<string, Entry<ConnectionFlowEdge>>();
  return (connections: ConnectionJson[], ids: string[], label: (id: string) => string, selected: (id: string) => boolean): ConnectionFlowEdge[] => {
    const next = new Map<string, Entry<ConnectionFlowEdge>>();
    const edges = connections.map((c, i) => {
      const id = ids[i];
      const key = [c, selected(id), label(c.source.activity), label(c.target.activity)];
      const hit = previous.get(id);
      const edge = hit && same(hit.key, key) ? hit.value : buildEdge(id, c, label, { selected: key[1] as boolean });
      next.set(id, { key, value: edge });
      return edge;
    });
    previous = next;
    return edges;
  };
}
