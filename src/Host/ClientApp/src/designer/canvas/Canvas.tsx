import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { Background, MiniMap, ReactFlow, useReactFlow, type Connection, type EdgeChange, type NodeChange } from '@xyflow/react';
import type { DefinitionJson, Position } from '../../api/types';
import { nodeTypes } from '../../flow/ActivityNode';
import { swedishFlowLabels } from '../../flow/flowLabels';
import { applyZoom, useSemanticZoom } from '../../flow/semanticZoom';
import { ZoomButtons } from '../../flow/ZoomButtons';
import { activitiesOf, positionOf, withActivities, withPosition } from '../../model/definition';
import { edgeBuilder, nodeBuilder } from '../../model/flowElements';
import { NODE_WIDTH, type ActivityFlowNode, type ConnectionFlowEdge } from '../../model/graph';
import type { Viewport } from '../../model/viewport';
import { useDesigner, useDesignerStore } from '../context';
import { useCanvasKeys } from '../keyboard/useCanvasKeys';
import { activityDragType } from '../palette/Palette';
import { labelOf } from '../store';
import { readableViewOf } from './view';
import '../../flow/Flow.css';

/** More activities than this and React Flow draws only those in view (the minimap shows them all). */
const largeFlowchart = 60;

/** The flowchart being edited: one Tab stop, arrow keys and shortcuts inside (useCanvasKeys), drop target for the palette. */
export function Canvas({ focusPalette }: { focusPalette: () => void }) {
  const store = useDesignerStore();
  const flow = useReactFlow<ActivityFlowNode, ConnectionFlowEdge>();
  const canvasRef = useRef<HTMLDivElement>(null);
  const onMove = useSemanticZoom(canvasRef);
  const onKeyDown = useCanvasKeys(focusPalette);

  const index = useDesigner((s) => s.index);
  const descriptors = useDesigner((s) => s.descriptors);
  const errorsByActivity = useDesigner((s) => s.errorsByActivity);
  const selection = useDesigner((s) => s.selection);
  const current = useDesigner((s) => s.current);
  const connectTarget = useDesigner((s) => s.connectTarget);
  const validated = useDesigner((s) => s.validated);
  const focusTick = useDesigner((s) => s.focusTick);
  const viewTick = useDesigner((s) => s.viewTick);
  const large = index.activities.length > largeFlowchart;

  const buildNodes = useMemo(() => nodeBuilder(descriptors), [descriptors]);
  const buildEdges = useMemo(() => edgeBuilder(), []);
  const nodes = useMemo(
    () =>
      buildNodes(index.activities, {
        used: index.used,
        errorCount: (id) => errorsByActivity.get(id)?.length ?? 0,
        selected: (id) => selection.nodes.has(id),
        current,
        highlighted: connectTarget,
      }),
    [buildNodes, index, errorsByActivity, selection, current, connectTarget],
  );
  const label = useCallback((id: string) => labelOf({ index, descriptors }, id), [index, descriptors]);
  const edges = useMemo(() => buildEdges(index.connections, index.edgeIds, label, (id) => selection.edges.has(id)), [buildEdges, index, label, selection]);

  // The opening view needs the canvas's size: measured before the first paint, then React Flow starts there.
  const [initialView, setInitialView] = useState<Viewport | null>(null);
  useLayoutEffect(() => {
    const rect = canvasRef.current!.getBoundingClientRect();
    const view = readableViewOf(store.getState(), rect.width, rect.height);
    applyZoom(canvasRef.current, view.zoom);
    setInitialView(view);
    performance.mark('designer:render');
  }, [store]);

  // After an automatic layout: the readable view of the new arrangement.
  useEffect(() => {
    if (!viewTick || !canvasRef.current) return;
    const frame = requestAnimationFrame(() => {
      const rect = canvasRef.current!.getBoundingClientRect();
      const { x, y, zoom } = readableViewOf(store.getState(), rect.width, rect.height);
      void flow.setViewport({ x, y, zoom }, { duration: 200 });
    });
    return () => cancelAnimationFrame(frame);
  }, [viewTick, flow, store]);

  // Keyboard focus follows the current activity. A large flowchart draws only what is in view, so the view
  // moves to the activity first and focus follows once it is drawn.
  useEffect(() => {
    const { current: id, index: idx } = store.getState();
    if (!focusTick || !id) return;
    const a = idx.byId.get(id);
    const p = a && positionOf(a);
    if (p && canvasRef.current) {
      const { x, y, zoom } = flow.getViewport();
      const rect = canvasRef.current.getBoundingClientRect();
      const sx = p.x * zoom + x;
      const sy = p.y * zoom + y;
      if (sx < 0 || sy < 0 || sx + NODE_WIDTH * zoom > rect.width || sy + 60 * zoom > rect.height)
        void flow.setCenter(p.x + NODE_WIDTH / 2, p.y + 40, { zoom: Math.max(zoom, 0.8), duration: large ? 0 : 150 });
    }
    let frame = 0;
    let tries = 0;
    const focus = () => {
      const el = canvasRef.current?.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(id)}"]`);
      if (el) el.focus({ preventScroll: true });
      else if (tries++ < 30) frame = requestAnimationFrame(focus);
    };
    frame = requestAnimationFrame(focus);
    return () => cancelAnimationFrame(frame);
  }, [focusTick, flow, large, store]);

  // ---- React Flow events.
  const onNodesChange = useCallback(
    (changes: NodeChange<ActivityFlowNode>[]) => {
      const moved = new Map<string, Position>();
      let select: Map<string, boolean> | null = null;
      for (const change of changes) {
        if (change.type === 'position' && change.position) moved.set(change.id, change.position);
        else if (change.type === 'select') (select ??= new Map()).set(change.id, change.selected);
      }
      const s = store.getState();
      if (moved.size) s.replace((d) => withActivities(d, activitiesOf(d).map((a) => (moved.has(a.id) ? withPosition(a, moved.get(a.id)!) : a))));
      if (select) s.applySelectionChanges(select, null);
    },
    [store],
  );
  const onEdgesChange = useCallback(
    (changes: EdgeChange<ConnectionFlowEdge>[]) => {
      const select = new Map<string, boolean>();
      for (const c of changes) if (c.type === 'select') select.set(c.id, c.selected);
      if (select.size) store.getState().applySelectionChanges(null, select);
    },
    [store],
  );
  const onConnect = useCallback(
    (c: Connection) => {
      if (c.source && c.target && c.sourceHandle) store.getState().connect(c.source, c.sourceHandle, c.target);
    },
    [store],
  );
  const dragStart = useRef<DefinitionJson | null>(null);
  const onDragStart = useCallback(() => {
    dragStart.current = store.getState().doc;
  }, [store]);
  const onDragStop = useCallback(() => {
    if (dragStart.current) store.getState().commitFrom(dragStart.current);
    dragStart.current = null;
  }, [store]);

  return (
    <div
      className="canvas"
      id="canvas"
      ref={canvasRef}
      tabIndex={0}
      role="region"
      aria-label="Ritytan: arbetsflödets aktiviteter och kopplingar"
      aria-describedby="canvas-help"
      aria-keyshortcuts="ArrowLeft ArrowRight ArrowUp ArrowDown G K E Delete Control+C Control+V Control+Z"
      data-ready={validated ? 'true' : 'false'}
      onKeyDown={onKeyDown}
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes(activityDragType)) {
          e.preventDefault();
          e.dataTransfer.dropEffect = 'copy';
        }
      }}
      onDrop={(e) => {
        const type = e.dataTransfer.getData(activityDragType);
        const d = type && store.getState().descriptors.get(type);
        if (!d) return;
        e.preventDefault();
        const p = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
        store.getState().addActivity(d, { x: p.x - NODE_WIDTH / 2, y: p.y - 20 });
      }}
    >
      <p id="canvas-help" className="visually-hidden">
        G går till en aktivitet med namn. Piltangenterna väljer närmaste aktivitet åt det hållet. Skift+pil flyttar den. K skapar en koppling, E väljer kopplingar,
        Delete tar bort, Enter öppnar egenskaperna, plus och minus zoomar, 0 visar allt, Alt+pil panorerar. Frågetecken visar alla kortkommandon.
      </p>
      {initialView && (
        <ReactFlow<ActivityFlowNode, ConnectionFlowEdge>
          aria-label="Flödesschema"
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          onNodesChange={onNodesChange}
          onEdgesChange={onEdgesChange}
          onConnect={onConnect}
          isValidConnection={(c) => c.source !== c.target && c.targetHandle === 'In'}
          connectionRadius={28}
          onNodeDragStart={onDragStart}
          onNodeDragStop={onDragStop}
          onSelectionDragStart={onDragStart}
          onSelectionDragStop={onDragStop}
          onNodeClick={(_, n) => {
            store.setState({ current: n.id });
            store.getState().setTab('properties');
          }}
          onPaneClick={() => store.setState({ current: null })}
          onMove={onMove}
          deleteKeyCode={null}
          disableKeyboardA11y
          nodesFocusable={false}
          edgesFocusable={false}
          defaultViewport={initialView}
          onlyRenderVisibleElements={large}
          minZoom={0.01}
          maxZoom={2}
          ariaLabelConfig={swedishFlowLabels}
          proOptions={{ hideAttribution: true }}
        >
          <Background gap={24} />
          <MiniMap pannable zoomable ariaLabel="Översiktskarta över arbetsflödet" nodeColor={(n) => (n.data.errorCount ? '#b3261e' : '#5a6b85')} />
          <ZoomButtons />
        </ReactFlow>
      )}
    </div>
  );
}
