import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { HANDLE, PORT_ROW, nodeHeight, nodeMarkText, sourceHandleTop, targetHandleTop, type ActivityFlowNode } from '../model/graph';
import './ActivityNode.css';

const kindSymbol: Record<string, string> = { Blocking: '◔', Flow: '◇', Action: '□' };
const kindText: Record<string, string> = { Blocking: 'väntar', Flow: 'flöde', Action: 'åtgärd' };

/** One activity: title, type, and a labelled source handle for each outcome port. Sizes match graph.ts exactly. */
function ActivityNodeView({ data, selected }: NodeProps<ActivityFlowNode>) {
  const mark = data.mark ? nodeMarkText[data.mark] : null;
  const classes = ['activity-node', `kind-${data.kind.toLowerCase()}`];
  if (selected) classes.push('is-selected');
  if (data.errorCount) classes.push('has-errors');
  if (data.mark) classes.push(`mark-${data.mark}`);
  if (data.highlight) classes.push('is-highlighted');
  return (
    <div className={classes.join(' ')} style={{ width: data.width, height: nodeHeight(data.ports.length) }}>
      {data.hasInput && (
        <Handle
          type="target"
          position={Position.Left}
          id="In"
          className="port-handle"
          style={{ top: targetHandleTop, left: -HANDLE / 2, width: HANDLE, height: HANDLE, transform: 'none' }}
        />
      )}
      <div className="node-header">
        <div className="node-title-row">
          {mark && (
            <span className="node-mark" title={mark.label}>
              {mark.symbol}
            </span>
          )}
          <span className="node-title" title={data.label}>
            {data.label}
          </span>
          {data.errorCount > 0 && <span className="node-errors">⚠ {data.errorCount}</span>}
        </div>
        <div className="node-type">
          <span aria-hidden="true">{kindSymbol[data.kind] ?? '?'} </span>
          {data.typeName}
          <span className="visually-hidden"> ({kindText[data.kind] ?? data.kind})</span>
        </div>
      </div>
      {data.ports.length > 0 && (
        <ul className="node-ports">
          {data.ports.map((port, i) => (
            <li key={port} style={{ height: PORT_ROW }}>
              {port}
              <Handle
                type="source"
                position={Position.Right}
                id={port}
                className="port-handle"
                style={{ top: sourceHandleTop(i), right: -HANDLE / 2, left: 'auto', width: HANDLE, height: HANDLE, transform: 'none' }}
              />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export const ActivityNode = memo(ActivityNodeView);
export const nodeTypes = { activity: ActivityNode };
