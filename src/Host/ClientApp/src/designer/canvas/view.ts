import type { DesignerState } from '../store';
import { obstaclesOf } from '../../model/placement';
import { readableView } from '../../model/viewport';
import { startActivity } from '../../model/navigation';

/** The readable view (model/viewport.ts) of the editor's flowchart on a canvas of the given size. */
export function readableViewOf(s: Pick<DesignerState, 'index' | 'descriptors'>, width: number, height: number) {
  const { boxes } = obstaclesOf(s.index.activities, [], s.descriptors);
  const start = startActivity(s.index.activities);
  const startBox = start ? boxes[s.index.activities.indexOf(start)] : null;
  return readableView(boxes, startBox, width, height);
}
