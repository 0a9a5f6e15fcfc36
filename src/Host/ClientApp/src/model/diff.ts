import type { ActivityJson, ConnectionJson, DefinitionJson, VariableJson, WrappedInput } from '../api/types';
import { activitiesOf, connectionIds, connectionsOf, displayName, portKey, positionOf, variablesOf, versionCommentKey, type DescriptorMap } from './definition';
import { nodeHeight, nodeWidth, type EdgeMark, type NodeMark } from './graph';
import { variableName } from './inputs';

// Comparing two versions of a definition the way Inera's "Jämförda versioner" page does:
// what was added, removed and changed, for activities, their inputs, connections and the workflow.
// Positions and sizes in the designer metadata are layout, not content: moving a box is not a change.

export type ChangeKind = 'added' | 'removed' | 'changed';

export interface Change {
  key: string;
  kind: ChangeKind;
  subject: 'activity' | 'connection' | 'workflow';
  title: string;
  details: string[];
  /** The activity the change concerns (for connections: the source), to select and centre on the graph. */
  activityId?: string;
  /** The connection's edge id in the compared graph. */
  edgeId?: string;
}

export interface Comparison {
  changes: Change[];
  nodeMarks: Map<string, NodeMark>;
  edgeMarks: Map<string, EdgeMark>;
  /** Activities that only moved in the drawing. */
  moved: string[];
  /** Both versions in one graph: the newer one, plus what was removed at its old place (moved clear of overlaps). */
  activities: ActivityJson[];
  connections: ConnectionJson[];
  edgeIds: string[];
  /** Activity id → its version (the newer one when it exists in both). */
  label: (activityId: string) => string;
}

const partyNames: Record<string, string> = { customer: 'kund', agent: 'agent' };

const ignoredActivityKeys = new Set(['nodeId', 'metadata']);
const workflowKeys: [string, string][] = [
  ['name', 'Namn'],
  ['description', 'Beskrivning'],
  ['inputs', 'Indata'],
  ['outputs', 'Utdata'],
  ['outcomes', 'Utfall'],
  ['options', 'Alternativ'],
  ['customProperties', 'Egna egenskaper'],
];

export function compareDefinitions(from: DefinitionJson, to: DefinitionJson, descriptors: DescriptorMap): Comparison {
  const fromActivities = new Map(activitiesOf(from).map((a) => [a.id, a]));
  const toActivities = new Map(activitiesOf(to).map((a) => [a.id, a]));
  const label = (id: string) => {
    const a = toActivities.get(id) ?? fromActivities.get(id);
    return a ? displayName(a, descriptors) : id;
  };

  const changes: Change[] = [];
  const nodeMarks = new Map<string, NodeMark>();
  const moved: string[] = [];

  // The publishing comment belongs to the version, not to its content: it is shown beside the comparison.
  const content = (doc: DefinitionJson, key: string) => {
    if (key !== 'customProperties' || !doc.customProperties || typeof doc.customProperties !== 'object') return doc[key];
    const { [versionCommentKey]: _comment, ...rest } = doc.customProperties as Record<string, unknown>;
    return Object.keys(rest).length ? rest : undefined;
  };
  for (const [key, text] of workflowKeys) {
    if (!sameJson(content(from, key), content(to, key))) {
      changes.push({
        key: `workflow:${key}`,
        kind: 'changed',
        subject: 'workflow',
        title: `${text} ändrad`,
        details: [`${formatPlain(content(from, key))} → ${formatPlain(content(to, key))}`],
      });
    }
  }
  changes.push(...compareVariables(variablesOf(from), variablesOf(to)));

  const markActivity = (kind: ChangeKind, activity: ActivityJson, title: string, details: string[]) => {
    nodeMarks.set(activity.id, kind);
    changes.push({ key: `activity:${activity.id}`, kind, subject: 'activity', activityId: activity.id, title, details });
  };
  const typeLine = (a: ActivityJson) => `${descriptors.get(a.type)?.displayName ?? a.type} (${a.type}), id ${a.id}`;
  for (const [id, before] of fromActivities) {
    const after = toActivities.get(id);
    if (!after) {
      markActivity('removed', before, `Borttagen aktivitet: ${displayName(before, descriptors)}`, [typeLine(before)]);
      continue;
    }
    const details = compareActivity(before, after, descriptors);
    if (details.length > 0) markActivity('changed', after, `Ändrad aktivitet: ${displayName(after, descriptors)}`, details);
    else if (!sameJson(before.metadata?.designer, after.metadata?.designer)) moved.push(id);
  }
  for (const [id, after] of toActivities) {
    if (!fromActivities.has(id))
      markActivity('added', after, `Tillagd aktivitet: ${displayName(after, descriptors)}`, [typeLine(after), ...describeInputs(after, descriptors)]);
  }

  // Connections are identified by source, port and target; a connection cannot change, only come or go.
  const fromKeys = new Set(connectionsOf(from).map(portKey));
  const toKeys = new Set(connectionsOf(to).map(portKey));
  const removedConnections = connectionsOf(from).filter((c) => !toKeys.has(portKey(c)));
  const connections = [...connectionsOf(to), ...removedConnections.filter((c, i, all) => all.findIndex((o) => portKey(o) === portKey(c)) === i)];
  const edgeIds = connectionIds(connections);
  const edgeMarks = new Map<string, EdgeMark>();
  connections.forEach((c, i) => {
    const key = portKey(c);
    const kind: ChangeKind | null = !fromKeys.has(key) ? 'added' : !toKeys.has(key) ? 'removed' : null;
    if (!kind || edgeMarks.has(edgeIds[i])) return;
    edgeMarks.set(edgeIds[i], kind);
    changes.push({
      key: `connection:${edgeIds[i]}`,
      kind,
      subject: 'connection',
      activityId: c.source.activity,
      edgeId: edgeIds[i],
      title: `${kind === 'added' ? 'Tillagd' : 'Borttagen'} koppling: ${label(c.source.activity)} (${c.source.port ?? 'Done'}) → ${label(c.target.activity)}`,
      details: [],
    });
  });

  const activities = placeUnion(activitiesOf(to), [...fromActivities.values()].filter((a) => !toActivities.has(a.id)), descriptors);
  const positions = new Map(activities.map((a) => [a.id, positionOf(a) ?? { x: 0, y: 0 }]));
  const order: Record<Change['subject'], number> = { workflow: 0, activity: 1, connection: 2 };
  const anchor = (c: Change) => (c.activityId ? positions.get(c.activityId) : undefined) ?? { x: -Infinity, y: -Infinity };
  // The list and next/previous follow the same order: the workflow, then activities and connections left to right.
  changes.sort((a, b) => order[a.subject] - order[b.subject] || anchor(a).x - anchor(b).x || anchor(a).y - anchor(b).y);

  return { changes, nodeMarks, edgeMarks, moved, activities, connections, edgeIds, label };
}

function compareActivity(before: ActivityJson, after: ActivityJson, descriptors: DescriptorMap): string[] {
  const details: string[] = [];
  const descriptor = descriptors.get(after.type) ?? descriptors.get(before.type);
  const beforeText = before.metadata?.displayText;
  const afterText = after.metadata?.displayText;
  if (beforeText !== afterText) details.push(`Visningsnamn: ${formatPlain(beforeText)} → ${formatPlain(afterText)}`);
  const { designer: _b, displayText: _bt, ...beforeMeta } = before.metadata ?? {};
  const { designer: _a, displayText: _at, ...afterMeta } = after.metadata ?? {};
  if (!sameJson(beforeMeta, afterMeta)) details.push('Övrig metadata ändrad');

  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const key of keys) {
    if (ignoredActivityKeys.has(key) || sameJson(before[key], after[key])) continue;
    const input = descriptor?.inputs.find((i) => i.name === key);
    if (input || isWrapped(before[key]) || isWrapped(after[key])) {
      const name = input?.displayName ?? key;
      details.push(`${name}: ${formatInput(before[key])} → ${formatInput(after[key])}`);
      details.push(...describeListDelta(before[key], after[key]));
      continue;
    }
    const names: Record<string, string> = { name: 'Namn', type: 'Typ', version: 'Aktivitetsversion', customProperties: 'Egna egenskaper' };
    details.push(`${names[key] ?? key}: ${formatPlain(before[key])} → ${formatPlain(after[key])}`);
  }
  return details;
}

function describeInputs(activity: ActivityJson, descriptors: DescriptorMap): string[] {
  const descriptor = descriptors.get(activity.type);
  return (descriptor?.inputs ?? []).filter((i) => activity[i.name] !== undefined).map((i) => `${i.displayName}: ${formatInput(activity[i.name])}`);
}

function compareVariables(from: VariableJson[], to: VariableJson[]): Change[] {
  const changes: Change[] = [];
  const before = new Map(from.map((v) => [v.id, v]));
  const after = new Map(to.map((v) => [v.id, v]));
  for (const [id, v] of before) {
    const w = after.get(id);
    if (!w) changes.push({ key: `variable:${id}`, kind: 'removed', subject: 'workflow', title: `Borttagen variabel: ${v.name}`, details: [`Typ ${v.typeName}`] });
    else if (!sameJson(v, w))
      changes.push({
        key: `variable:${id}`,
        kind: 'changed',
        subject: 'workflow',
        title: `Ändrad variabel: ${w.name}`,
        details: [`${v.name} (${v.typeName}) = ${formatPlain(v.value)} → ${w.name} (${w.typeName}) = ${formatPlain(w.value)}`],
      });
  }
  for (const [id, w] of after)
    if (!before.has(id)) changes.push({ key: `variable:${id}`, kind: 'added', subject: 'workflow', title: `Tillagd variabel: ${w.name}`, details: [`Typ ${w.typeName}`] });
  return changes;
}

/** Removed activities go where they were, moved down until they overlap nothing of the newer version. */
function placeUnion(current: ActivityJson[], removed: ActivityJson[], descriptors: DescriptorMap): ActivityJson[] {
  const boxes = current.map((a) => box(a, descriptors));
  const placed: ActivityJson[] = [];
  for (const a of removed) {
    const b = box(a, descriptors);
    while (boxes.some((o) => overlaps(b, o))) b.y += 60;
    boxes.push(b);
    const metadata = a.metadata ?? {};
    placed.push({ ...a, metadata: { ...metadata, designer: { ...(metadata.designer ?? {}), position: { x: b.x, y: b.y } } } });
  }
  return [...current, ...placed];
}

function box(a: ActivityJson, descriptors: DescriptorMap) {
  const p = positionOf(a) ?? { x: 0, y: 0 };
  const d = descriptors.get(a.type);
  return { x: p.x, y: p.y, w: nodeWidth(a), h: nodeHeight(d?.outcomes.length ?? 1) };
}

function overlaps(a: { x: number; y: number; w: number; h: number }, b: { x: number; y: number; w: number; h: number }) {
  const gap = 16;
  return a.x < b.x + b.w + gap && b.x < a.x + a.w + gap && a.y < b.y + b.h + gap && b.y < a.y + a.h + gap;
}

function isWrapped(value: unknown): value is WrappedInput {
  return !!value && typeof value === 'object' && 'expression' in value;
}

/** Parses JSON text written inside an Object expression, otherwise gives the value back. */
function inputValue(value: unknown): unknown {
  if (!isWrapped(value)) return value;
  const e = value.expression;
  if (!e) return undefined;
  if (e.type === 'Object' && typeof e.value === 'string') {
    try {
      return JSON.parse(e.value);
    } catch {
      return e.value;
    }
  }
  return e.value;
}

export function formatInput(value: unknown): string {
  if (value === undefined) return '(inte angiven)';
  if (isWrapped(value)) {
    const type = value.expression?.type;
    if (type === 'JavaScript') return `JavaScript «${String(value.expression?.value ?? '')}»`;
    if (type === 'Variable') return `variabeln ${variableName(value.expression?.value)}`;
  }
  return formatPlain(inputValue(value));
}

export function formatPlain(value: unknown): string {
  if (value === undefined || value === null || value === '') return '(tomt)';
  if (Array.isArray(value)) return value.length === 0 ? '(inga)' : value.map((v) => formatPlain(v)).join(', ');
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return '(tomt)';
    return entries.map(([k, v]) => `${partyNames[k] ?? k}: ${formatPlain(v)}`).join('; ');
  }
  if (typeof value === 'string') return `«${value}»`;
  return String(value);
}

/** For inputs that are lists, or objects of lists (roles per party): what was added to and removed from each list. */
function describeListDelta(before: unknown, after: unknown): string[] {
  const a = inputValue(before);
  const b = inputValue(after);
  const lines: string[] = [];
  const delta = (prefix: string, x: unknown, y: unknown) => {
    if (!Array.isArray(x) && x !== undefined) return;
    if (!Array.isArray(y) && y !== undefined) return;
    const xs = (x as unknown[] | undefined)?.map(String) ?? [];
    const ys = (y as unknown[] | undefined)?.map(String) ?? [];
    const added = ys.filter((v) => !xs.includes(v));
    const removed = xs.filter((v) => !ys.includes(v));
    if (added.length) lines.push(`${prefix}tillagt: ${added.join(', ')}`);
    if (removed.length) lines.push(`${prefix}borttaget: ${removed.join(', ')}`);
  };
  if (Array.isArray(a) || Array.isArray(b)) delta('', a, b);
  else if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) delta(`${capitalise(partyNames[k] ?? k)} – `, (a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]);
  }
  return lines;
}

function capitalise(s: string) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => sameJson(v, bb[i]));
  }
  const ak = Object.keys(a as object).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const bk = Object.keys(b as object).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return ak.length === bk.length && ak.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
