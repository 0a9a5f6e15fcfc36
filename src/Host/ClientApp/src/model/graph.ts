import { MarkerType, Position, type Edge, type Node } from '@xyflow/react';
import type { ActivityDescriptor, ActivityJson, ConnectionJson } from '../api/types';
import { displayName, positionOf, type DescriptorMap } from './definition';

// Nodes have a fixed size computed from their ports, and their handles are given to React Flow
// up front: edges draw on the first frame without measuring 200 nodes in the DOM first.

export const NODE_WIDTH = 220;
export const NODE_HEADER = 52;
export const PORT_ROW = 24;
export const NODE_PAD = 8;
export const HANDLE = 12;

export type NodeMark = 'added' | 'removed' | 'changed' | 'current' | 'visited' | 'faulted';
export type EdgeMark = 'added' | 'removed' | 'taken';

export const nodeMarkText: Record<NodeMark, { symbol: string; label: string }> = {
  added: { symbol: '+', label: 'Tillagd' },
  removed: { symbol: '−', label: 'Borttagen' },
  changed: { symbol: '~', label: 'Ändrad' },
  current: { symbol: '▶', label: 'Pågår' },
  visited: { symbol: '✓', label: 'Utförd' },
  faulted: { symbol: '!', label: 'Fel' },
};

export const edgeMarkText: Record<EdgeMark, { symbol: string; label: string }> = {
  added: { symbol: '+', label: 'Tillagd koppling' },
  removed: { symbol: '−', label: 'Borttagen koppling' },
  taken: { symbol: '→', label: 'Vägen som tagits' },
};

export interface ActivityNodeData extends Record<string, unknown> {
  label: string;
  typeName: string;
  kind: string;
  ports: string[];
  hasInput: boolean;
  width: number;
  errorCount: number;
  mark?: NodeMark;
  highlight?: boolean;
  changeDetail?: string;
}

export type ActivityFlowNode = Node<ActivityNodeData, 'activity'>;

/** The width the definition's designer metadata asks for (Elsa writes one), within what the layout can show. */
export function nodeWidth(activity: Pick<ActivityJson, 'metadata'>): number {
  const w = activity.metadata?.designer?.size?.width;
  return typeof w === 'number' && Number.isFinite(w) ? Math.min(320, Math.max(160, Math.round(w))) : NODE_WIDTH;
}

export function nodeHeight(portCount: number): number {
  return NODE_HEADER + portCount * PORT_ROW + (portCount > 0 ? NODE_PAD : 0);
}

export function sourceHandleTop(index: number): number {
  return NODE_HEADER + index * PORT_ROW + PORT_ROW / 2 - HANDLE / 2;
}

export const targetHandleTop = NODE_HEADER / 2 - HANDLE / 2;

export interface NodeOptions {
  ports: string[];
  errorCount?: number;
  mark?: NodeMark;
  highlight?: boolean;
  selected?: boolean;
  focusable?: boolean;
  position?: { x: number; y: number };
  draggable?: boolean;
  changeDetail?: string;
}

export function buildNode(activity: ActivityJson, descriptor: ActivityDescriptor | undefined, descriptors: DescriptorMap, o: NodeOptions): ActivityFlowNode {
  const label = displayName(activity, descriptors);
  const height = nodeHeight(o.ports.length);
  const width = nodeWidth(activity);
  const hasInput = activity.type !== 'Elsa.Start';
  const errors = o.errorCount ?? 0;
  const typeText = descriptor?.displayName && descriptor.displayName !== label ? descriptor.displayName : activity.type;
  const parts = [label, typeText];
  if (o.mark) parts.push(nodeMarkText[o.mark].label);
  if (o.ports.length) parts.push(`utgångar: ${o.ports.join(', ')}`);
  if (errors) parts.push(`${errors} problem`);
  return {
    id: activity.id,
    type: 'activity',
    position: o.position ?? positionOf(activity) ?? { x: 0, y: 0 },
    data: {
      label,
      typeName: activity.type,
      kind: descriptor?.kind ?? 'Okänd',
      ports: o.ports,
      hasInput,
      errorCount: errors,
      mark: o.mark,
      highlight: o.highlight,
      changeDetail: o.changeDetail,
      width,
    },
    width,
    height,
    measured: { width, height },
    selected: o.selected ?? false,
    focusable: o.focusable ?? false,
    draggable: o.draggable,
    ariaRole: 'group',
    ariaLabel: parts.join(', '),
    handles: [
      ...(hasInput
        ? [{ id: 'In', type: 'target' as const, position: Position.Left, x: -HANDLE / 2, y: targetHandleTop, width: HANDLE, height: HANDLE }]
        : []),
      ...o.ports.map((port, i) => ({
        id: port,
        type: 'source' as const,
        position: Position.Right,
        x: width - HANDLE / 2,
        y: sourceHandleTop(i),
        width: HANDLE,
        height: HANDLE,
      })),
    ],
  };
}

export interface EdgeData extends Record<string, unknown> {
  mark?: EdgeMark;
  port: string;
}

export type ConnectionFlowEdge = Edge<EdgeData>;

export function buildEdge(id: string, c: ConnectionJson, labels: (activityId: string) => string, o: { selected?: boolean; mark?: EdgeMark; highlight?: boolean } = {}): ConnectionFlowEdge {
  const port = c.source.port ?? 'Done';
  const markText = o.mark ? edgeMarkText[o.mark] : null;
  return {
    id,
    source: c.source.activity,
    sourceHandle: port,
    target: c.target.activity,
    targetHandle: 'In',
    selected: o.selected ?? false,
    className: [o.mark ? `edge-${o.mark}` : '', o.highlight ? 'edge-highlight' : ''].filter(Boolean).join(' ') || undefined,
    markerEnd: { type: MarkerType.ArrowClosed, width: 18, height: 18, color: edgeColour(o.mark) },
    label: markText?.symbol,
    labelShowBg: true,
    labelBgPadding: [4, 2],
    labelBgBorderRadius: 4,
    ariaLabel: `${markText ? markText.label + ': ' : 'Koppling: '}${labels(c.source.activity)} (${port}) till ${labels(c.target.activity)}`,
    data: { mark: o.mark, port },
  };
}

export function edgeColour(mark?: EdgeMark): string {
  switch (mark) {
    case 'added':
      return '#0b6b2f';
    case 'removed':
      return '#b3261e';
    case 'taken':
      return '#0b57d0';
    default:
      return '#4a5568';
  }
}
