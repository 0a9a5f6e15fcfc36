import type { DefinitionJson } from '../api/types';
import { activitiesOf, connectionsOf, needsLayout, outgoingPorts, portsOf, positionOf, withActivities, withPosition, type DescriptorMap } from './definition';
import { nodeHeight, nodeWidth } from './graph';

/** The definition as it came, or laid out when its activities have no designer positions. */
export function laidOut(doc: DefinitionJson, descriptors: DescriptorMap): Promise<DefinitionJson> {
  return needsLayout(doc) ? autoLayout(doc, descriptors) : Promise.resolve(doc);
}

/**
 * Lays out a flowchart left to right with elkjs (layered). elkjs is loaded on demand: a definition that
 * carries designer positions never pays for it. Activities that already have a position keep it
 * unless `all` is set.
 */
export async function autoLayout(doc: DefinitionJson, descriptors: DescriptorMap, all = false): Promise<DefinitionJson> {
  const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
  const elk = new ELK();
  const activities = activitiesOf(doc);
  const connections = connectionsOf(doc);
  const used = outgoingPorts(connections);
  const ids = new Set(activities.map((a) => a.id));
  const graph = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.layered.spacing.nodeNodeBetweenLayers': '80',
      'elk.spacing.nodeNode': '40',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.portConstraints': 'FIXED_ORDER',
      // A flowchart reads fine with a quick crossing minimisation; the default effort costs most of the layout time.
      'elk.layered.thoroughness': '1',
      'elk.layered.crossingMinimization.greedySwitch.type': 'OFF',
    },
    children: activities.map((a) => ({
      id: a.id,
      width: nodeWidth(a),
      height: nodeHeight(portsOf(a, descriptors.get(a.type), used.get(a.id)).length),
    })),
    edges: connections
      .filter((c) => ids.has(c.source.activity) && ids.has(c.target.activity))
      .map((c, i) => ({ id: `e${i}`, sources: [c.source.activity], targets: [c.target.activity] })),
  };
  const result = await elk.layout(graph);
  const placed = new Map((result.children ?? []).map((n) => [n.id, { x: n.x ?? 0, y: n.y ?? 0 }]));
  return withActivities(
    doc,
    activities.map((a) => (all || positionOf(a) === null ? withPosition(a, placed.get(a.id) ?? { x: 0, y: 0 }) : a)),
  );
}
