import { Panel, useReactFlow } from '@xyflow/react';

/** Zoom in, zoom out and show everything: labelled buttons on the canvas (also + − 0 on the keyboard in the designer). */
export function ZoomButtons() {
  const flow = useReactFlow();
  return (
    <Panel position="bottom-left" className="zoom-buttons">
      <button type="button" onClick={() => void flow.zoomIn({ duration: 150 })} aria-label="Zooma in" title="Zooma in (+)">
        +
      </button>
      <button type="button" onClick={() => void flow.zoomOut({ duration: 150 })} aria-label="Zooma ut" title="Zooma ut (−)">
        −
      </button>
      <button type="button" onClick={() => void flow.fitView({ duration: 200, padding: 0.1 })} aria-label="Visa hela arbetsflödet" title="Visa allt (0)">
        ⤢
      </button>
    </Panel>
  );
}
