import type { DefinitionJson } from '../api/types';
import { activitiesOf, connectionsOf, needsLayout, outgoingPorts, portsOf, positionOf, withActivities, withPosition, type DescriptorMap } from './definition';
import { nodeHeight, nodeWidth } from './graph';

/** The definition as it came, or laid out when its activities have no designer positions. */
export function laidOut(doc: DefinitionJson, descriptors: DescriptorMap): Promise<DefinitionJson> {
  return needsLayout(doc) ? autoLayout(doc, descriptors) : Promise.resolve(doc);
}

/**
 * Lays out a flowchart left to right in layers (dagre: a layered layout that places 200 activities in a
 * few tens of milliseconds). Loaded on demand: a definition that carries designer positions never pays
 * for it. Activities that already have a position keep it unless `all` is set. Outcome ports keep their
 * order: the edges from one activity are added in port order, and dagre orders within a layer by them.
 */
export async function autoLayout(doc: DefinitionJson, descriptors: DescriptorMap, all = false): Promise<DefinitionJson> {
  const { default: dagre } = await import('@dagrejs/dagre');
  const activities = activitiesOf(doc);
  const connections = connectionsOf(doc);
  const used = outgoingPorts(connections);
  const ids = new Set(activities.map((a) => a.id));
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'LR', nodesep: 40, ranksep: 80, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  const ports = new Map<string, string[]>();
  for (const a of activities) {
    const p = portsOf(a, descriptors.get(a.type), used.get(a.id));
    ports.set(a.id, p);
    g.setNode(a.id, { width: nodeWidth(a), height: nodeHeight(p.length) });
  }
  const ordered = connections
    .map((c, i) => ({ c, i, port: ports.get(c.source.activity)?.indexOf(c.source.port ?? 'Done') ?? 0 }))
    .filter(({ c }) => ids.has(c.source.activity) && ids.has(c.target.activity) && c.source.activity !== c.target.activity)
    .sort((a, b) => a.port - b.port || a.i - b.i);
  for (const { c, i } of ordered) g.setEdge(c.source.activity, c.target.activity, {}, `e${i}`);
  dagre.layout(g);
  // dagre gives centres; the designer keeps top-left corners.
  const placed = new Map(
    activities.map((a) => {
      const n = g.node(a.id);
      return [a.id, { x: n.x - n.width / 2, y: n.y - n.height / 2 }];
    }),
  );
  return withActivities(
    doc,
    activities.map((a) => (all || positionOf(a) === null ? withPosition(a, placed.get(a.id) ?? { x: 0, y: 0 }) : a)),
  );
}
