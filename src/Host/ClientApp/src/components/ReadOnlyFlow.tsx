import type { ReactNode } from 'react';
import { Background, MiniMap, ReactFlow, type FitViewOptions, type NodeMouseHandler } from '@xyflow/react';
import { nodeTypes } from './ActivityNode';
import { swedishFlowLabels } from './flowLabels';
import { ZoomButtons } from './ZoomButtons';
import type { ActivityFlowNode, ConnectionFlowEdge } from '../model/graph';

/**
 * A flowchart to look at, not to edit (a comparison, an instance): nothing can be dragged, selected or connected.
 * Its legend (the marks and what they mean) goes above it; a large one draws only what is in view.
 */
export function ReadOnlyFlow({
  legend,
  regionLabel,
  flowLabel,
  nodes,
  edges,
  fitViewOptions,
  onNodeClick,
  miniMapColour,
}: {
  legend: ReactNode;
  regionLabel: string;
  flowLabel: string;
  nodes: ActivityFlowNode[];
  edges: ConnectionFlowEdge[];
  fitViewOptions?: FitViewOptions<ActivityFlowNode>;
  onNodeClick?: NodeMouseHandler<ActivityFlowNode>;
  miniMapColour?: (node: ActivityFlowNode) => string;
}) {
  return (
    <div className="designer-centre">
      <section className="legend" aria-labelledby="legend-title">
        <h2 id="legend-title" className="visually-hidden">
          Teckenförklaring
        </h2>
        {legend}
      </section>
      <div className="canvas" role="region" aria-label={regionLabel}>
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
          fitView
          fitViewOptions={fitViewOptions}
          minZoom={0.05}
          ariaLabelConfig={swedishFlowLabels}
          proOptions={{ hideAttribution: true }}
          onNodeClick={onNodeClick}
        >
          <Background gap={24} />
          <ZoomButtons />
          <MiniMap<ActivityFlowNode> pannable zoomable ariaLabel="Översiktskarta" nodeColor={miniMapColour} />
        </ReactFlow>
      </div>
    </div>
  );
}
