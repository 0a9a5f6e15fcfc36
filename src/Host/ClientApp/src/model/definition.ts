import type { ActivityDescriptor, ActivityJson, ConnectionJson, DefinitionJson, Position, VariableJson, WrappedInput } from '../api/types';

// Reading and changing Elsa 3 definition JSON. Every change returns new objects and keeps every
// property it does not touch, so unknown JSON survives the round trip.

export type DescriptorMap = ReadonlyMap<string, ActivityDescriptor>;

export function descriptorMap(descriptors: ActivityDescriptor[]): DescriptorMap {
  return new Map(descriptors.map((d) => [d.typeName, d]));
}

export function activitiesOf(doc: DefinitionJson): ActivityJson[] {
  return Array.isArray(doc.root?.activities) ? doc.root.activities : [];
}

export function connectionsOf(doc: DefinitionJson): ConnectionJson[] {
  return Array.isArray(doc.root?.connections) ? doc.root.connections : [];
}

export function variablesOf(doc: DefinitionJson): VariableJson[] {
  return Array.isArray(doc.variables) ? doc.variables : [];
}

export function withActivities(doc: DefinitionJson, activities: ActivityJson[]): DefinitionJson {
  return { ...doc, root: { ...doc.root, activities } };
}

export function withConnections(doc: DefinitionJson, connections: ConnectionJson[]): DefinitionJson {
  return { ...doc, root: { ...doc.root, connections } };
}

export function withGraph(doc: DefinitionJson, activities: ActivityJson[], connections: ConnectionJson[]): DefinitionJson {
  return { ...doc, root: { ...doc.root, activities, connections } };
}

export function displayName(activity: ActivityJson, descriptors?: DescriptorMap): string {
  const text = activity.metadata?.displayText;
  if (typeof text === 'string' && text.trim()) return text;
  if (typeof activity.name === 'string' && activity.name.trim()) return activity.name;
  return descriptors?.get(activity.type)?.displayName ?? activity.id;
}

export function positionOf(activity: ActivityJson): Position | null {
  const p = activity.metadata?.designer?.position;
  return p && typeof p.x === 'number' && typeof p.y === 'number' ? p : null;
}

export function withPosition(activity: ActivityJson, position: Position): ActivityJson {
  const metadata = activity.metadata ?? {};
  const designer = metadata.designer ?? {};
  return { ...activity, metadata: { ...metadata, designer: { ...designer, position: { x: Math.round(position.x), y: Math.round(position.y) } } } };
}

export function portKey(c: ConnectionJson): string {
  return `${c.source.activity}|${c.source.port ?? 'Done'}|${c.target.activity}`;
}

/** Stable edge ids: the connection's key, numbered when the same connection appears twice. */
export function connectionIds(connections: ConnectionJson[]): string[] {
  const seen = new Map<string, number>();
  return connections.map((c) => {
    const key = portKey(c);
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    return n === 0 ? key : `${key}#${n}`;
  });
}

/** A string array from an input written as Object JSON text, a JSON array or a comma-separated literal. */
export function stringArrayInput(input: unknown): string[] | null {
  const value = (input as WrappedInput | undefined)?.expression?.value;
  if ((input as WrappedInput | undefined)?.expression?.type === 'JavaScript') return null;
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (text.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(text);
      return Array.isArray(parsed) ? parsed.map(String) : null;
    } catch {
      return null;
    }
  }
  return text ? text.split(',').map((s) => s.trim()).filter(Boolean) : [];
}

/**
 * The outcome ports of an activity as the server's validator computes them: the descriptor's
 * outcomes, or for activities with dynamic outcomes (fork branches, switch cases, user task
 * outcomes) those plus the static ones other than Done. Ports used by existing connections are
 * added so no edge is ever hidden.
 */
export function portsOf(activity: ActivityJson, descriptor: ActivityDescriptor | undefined, used: Iterable<string> = []): string[] {
  const base = descriptor?.outcomes ?? ['Done'];
  let ports: string[] = base;
  if (descriptor?.hasDynamicOutcomes) {
    let dynamic: string[] | null = null;
    if (activity.type === 'Elsa.FlowSwitch') {
      const cases = Array.isArray(activity.cases) ? (activity.cases as { label?: unknown }[]) : [];
      dynamic = [...cases.map((c) => String(c.label ?? '')).filter(Boolean), 'Default'];
    } else {
      const named = ['branches', 'outcomes'].find((n) => n in activity);
      dynamic = named ? stringArrayInput(activity[named]) : null;
      if (activity.type === 'Elsa.UserTask' && (!dynamic || dynamic.length === 0)) dynamic = ['Done'];
    }
    if (dynamic) ports = [...base.filter((o) => o !== 'Done'), ...dynamic];
  }
  const result = [...new Set(ports)];
  for (const port of used) if (!result.includes(port)) result.push(port);
  return result;
}

export function outgoingPorts(connections: ConnectionJson[]): Map<string, Set<string>> {
  const map = new Map<string, Set<string>>();
  for (const c of connections) {
    const set = map.get(c.source.activity) ?? new Set<string>();
    set.add(c.source.port ?? 'Done');
    map.set(c.source.activity, set);
  }
  return map;
}

/** A readable, unique activity id from a type name: "delay", "delay2", ... */
export function newActivityId(descriptor: Pick<ActivityDescriptor, 'name'>, existing: Set<string>): string {
  const base = descriptor.name.charAt(0).toLowerCase() + descriptor.name.slice(1);
  let id = base;
  for (let n = 2; existing.has(id); n++) id = `${base}${n}`;
  return id;
}

function newActivityName(descriptor: ActivityDescriptor, activities: ActivityJson[]): string {
  const names = new Set(activities.map((a) => a.name));
  let n = 1;
  while (names.has(`${descriptor.name}${n}`)) n++;
  return `${descriptor.name}${n}`;
}

/** An input written as Elsa writes a default: scalars as Literal text, arrays and objects as Object JSON text. */
export function defaultInput(typeName: string, value: unknown): WrappedInput {
  if (value !== null && typeof value === 'object') return { typeName, expression: { type: 'Object', value: JSON.stringify(value) } };
  return { typeName, expression: { type: 'Literal', value: value === null || value === undefined ? '' : String(value) } };
}

export function createActivity(descriptor: ActivityDescriptor, position: Position, activities: ActivityJson[]): ActivityJson {
  const id = newActivityId(descriptor, new Set(activities.map((a) => a.id)));
  const activity: ActivityJson = {
    id,
    name: newActivityName(descriptor, activities),
    type: descriptor.typeName,
    version: descriptor.version,
    customProperties: { canStartWorkflow: false, runAsynchronously: false },
    metadata: { displayText: descriptor.displayName, designer: { position: { x: Math.round(position.x), y: Math.round(position.y) } } },
  };
  for (const input of descriptor.inputs) {
    if (input.defaultValue === undefined || input.defaultValue === null) continue;
    activity[input.name] = input.isWrapped ? defaultInput(input.typeName, input.defaultValue) : input.defaultValue;
  }
  return activity;
}

/** Copies of activities with fresh ids (and their connections among themselves), moved by an offset. */
export function cloneActivities(
  copied: ActivityJson[],
  copiedConnections: ConnectionJson[],
  existing: ActivityJson[],
  offset: Position,
): { activities: ActivityJson[]; connections: ConnectionJson[] } {
  const ids = new Set(existing.map((a) => a.id));
  const names = new Set(existing.map((a) => a.name));
  const map = new Map<string, string>();
  const activities = copied.map((a) => {
    const base = a.id.replace(/\d+$/, '');
    let id = base;
    for (let n = 2; ids.has(id); n++) id = `${base}${n}`;
    ids.add(id);
    map.set(a.id, id);
    let name = a.name ?? null;
    if (name) {
      const nameBase = name.replace(/\d+$/, '');
      let n = 1;
      while (names.has(`${nameBase}${n}`)) n++;
      name = `${nameBase}${n}`;
      names.add(name);
    }
    const clone = structuredClone(a) as ActivityJson;
    delete clone.nodeId;
    const p = positionOf(a) ?? { x: 0, y: 0 };
    return withPosition({ ...clone, id, name }, { x: p.x + offset.x, y: p.y + offset.y });
  });
  const connections = copiedConnections
    .filter((c) => map.has(c.source.activity) && map.has(c.target.activity))
    .map((c) => ({
      ...structuredClone(c),
      source: { ...c.source, activity: map.get(c.source.activity)! },
      target: { ...c.target, activity: map.get(c.target.activity)! },
    }));
  return { activities, connections };
}

export function removeActivities(doc: DefinitionJson, ids: Set<string>, edgeIds: Set<string> = new Set()): DefinitionJson {
  const connections = connectionsOf(doc);
  const keys = connectionIds(connections);
  return withGraph(
    doc,
    activitiesOf(doc).filter((a) => !ids.has(a.id)),
    connections.filter((c, i) => !ids.has(c.source.activity) && !ids.has(c.target.activity) && !edgeIds.has(keys[i])),
  );
}

export function addConnection(doc: DefinitionJson, source: string, port: string, target: string): DefinitionJson {
  const connections = connectionsOf(doc);
  if (connections.some((c) => c.source.activity === source && (c.source.port ?? 'Done') === port && c.target.activity === target)) return doc;
  return withConnections(doc, [...connections, { source: { activity: source, port }, target: { activity: target, port: 'In' } }]);
}

export function updateActivity(doc: DefinitionJson, id: string, update: (a: ActivityJson) => ActivityJson): DefinitionJson {
  return withActivities(
    doc,
    activitiesOf(doc).map((a) => (a.id === id ? update(a) : a)),
  );
}

/** True when no activity has a designer position: the definition needs an automatic layout. */
export function needsLayout(doc: DefinitionJson): boolean {
  const activities = activitiesOf(doc);
  return activities.length > 0 && activities.some((a) => positionOf(a) === null);
}

export function versionLabel(v: { isPublished: boolean; isLatest: boolean; publishedAt?: string | null }): string {
  if (v.isPublished) return v.isLatest ? 'Publicerad, senaste' : 'Publicerad';
  if (v.publishedAt) return 'Indragen';
  return 'Utkast';
}

const dateFormat = new Intl.DateTimeFormat('sv-SE', { dateStyle: 'short', timeStyle: 'short' });
export function formatTime(value: string | null | undefined): string {
  if (!value) return '';
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : dateFormat.format(d);
}

const categoryNames: Record<string, string> = {
  Branching: 'Förgrening',
  Flow: 'Flöde',
  Primitives: 'Grundläggande',
  Scheduling: 'Tid',
  Tasks: 'Uppgifter',
  Email: 'E-post',
};

export function categoryName(category: string): string {
  return categoryNames[category] ?? category;
}

/**
 * The comment given when a version was published. Kept in the definition's customProperties (a
 * dictionary Elsa 3 JSON has and keeps), so the file stays Elsa's and the comment travels with an export.
 */
export const versionCommentKey = 'versionComment';

export function versionComment(doc: DefinitionJson): string | null {
  const value = (doc.customProperties as Record<string, unknown> | undefined)?.[versionCommentKey];
  return typeof value === 'string' && value.trim() ? value : null;
}

export function withVersionComment(doc: DefinitionJson, comment: string | null): DefinitionJson {
  const { [versionCommentKey]: _old, ...rest } = (doc.customProperties as Record<string, unknown> | undefined) ?? {};
  if (comment === null && _old === undefined) return doc;
  return { ...doc, customProperties: comment === null ? rest : { ...rest, [versionCommentKey]: comment } };
}
