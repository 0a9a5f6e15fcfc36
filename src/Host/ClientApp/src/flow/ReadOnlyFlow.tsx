import { useRef, type ReactNode } from 'react';
import { Background, MiniMap, ReactFlow, type FitViewOptions, type NodeMouseHandler } from '@xyflow/react';
import { nodeTypes } from './ActivityNode';
import { swedishFlowLabels } from './flowLabels';
import { ZoomButtons } from './ZoomButtons';
import { applyZoom, useSemanticZoom } from './semanticZoom';
import type { ActivityFlowNode, ConnectionFlowEdge } from '../model/graph';
import type { Viewport } from '../model/viewport';
import './Flow.css';
import './ReadOnlyFlow.css';

/**
 * A flowchart to look at, not to edit (a comparison, an instance): nothing can be dragged, selected or connected.
 * Its legend (the marks and what they mean) goes above it; a large one draws only what is in view.
 * It opens at `viewport` when given (see model/viewport.ts), otherwise fitted.
 */
export function ReadOnlyFlow({
  legend,
  regionLabel,
  flowLabel,
  nodes,
  edges,
  viewport,
  fitViewOptions,
  onNodeClick,
  miniMapColour,
  canvasRef,
  ready = true,
}: {
  legend: ReactNode;
  regionLabel: string;
  flowLabel: string;
  nodes: ActivityFlowNode[];
  edges: ConnectionFlowEdge[];
  viewport?: Viewport | null;
  fitViewOptions?: FitViewOptions<ActivityFlowNode>;
  onNodeClick?: NodeMouseHandler<ActivityFlowNode>;
  miniMapColour?: (node: ActivityFlowNode) => string;
  canvasRef?: React.RefObject<HTMLDivElement | null>;
  /** False until `viewport` is known: the canvas is laid out (to be measured) but the flowchart not drawn yet. */
  ready?: boolean;
}) {
  const ownRef = useRef<HTMLDivElement>(null);
  const ref = canvasRef ?? ownRef;
  const onMove = useSemanticZoom(ref);
  return (
    <div className="designer-centre">
      <section className="legend" aria-labelledby="legend-title">
        <h2 id="legend-title" className="visually-hidden">
          Teckenförklaring
        </h2>
        {legend}
      </section>
      <div className="canvas" role="region" aria-label={regionLabel} ref={ref}>
        {ready && (
        <ReactFlow<ActivityFlowNode, ConnectionFlowEdge>
          aria-label={flowLabel}
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          nodesDraggable={false}
          nodesConnectable={false}
          elementsSelectable={false}
          nodesFocusable={false}
          edgesFocusable={false}
          disableKeyboardA11y
          onlyRenderVisibleElements={nodes.length > 60}
          fitView={!viewport}
          fitViewOptions={fitViewOptions}
          defaultViewport={viewport ?? undefined}
          onInit={(flow) => applyZoom(ref.current, flow.getZoom())}
          onMove={onMove}
          minZoom={0.01}
          ariaLabelConfig={swedishFlowLabels}
          proOptions={{ hideAttribution: true }}
          onNodeClick={onNodeClick}
        >
          <Background gap={24} />
          <ZoomButtons />
          <MiniMap<ActivityFlowNode> pannable zoomable ariaLabel="Översiktskarta" nodeColor={miniMapColour} />
        </ReactFlow>
        )}
      </div>
    </div>
  );
}
