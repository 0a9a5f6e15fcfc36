import { describe, expect, it } from 'vitest';
import { activitiesOf, descriptorMap, positionOf } from './definition';
import { nodeHeight } from './graph';
import { autoLayout, laidOut } from './layout';
import { activity, connection, definition, descriptors } from './testing';

const map = descriptorMap(descriptors);

describe('automatic layout', () => {
  it('lays out a definition without positions left to right along its connections, without overlaps', async () => {
    const doc = definition(
      [activity('end', 'Elsa.End'), activity('decide', 'Elsa.FlowDecision'), activity('start', 'Elsa.Start'), activity('yes', 'Elsa.WriteLine'), activity('no', 'Elsa.WriteLine')],
      [connection('start', 'Done', 'decide'), connection('decide', 'True', 'yes'), connection('decide', 'False', 'no'), connection('yes', 'Done', 'end'), connection('no', 'Done', 'end')],
    );
    const laid = await laidOut(doc, map);
    const at = new Map(activitiesOf(laid).map((a) => [a.id, positionOf(a)!]));
    expect(at.get('start')!.x).toBeLessThan(at.get('decide')!.x);
    expect(at.get('decide')!.x).toBeLessThan(at.get('yes')!.x);
    expect(at.get('yes')!.x).toBe(at.get('no')!.x);
    expect(at.get('yes')!.x).toBeLessThan(at.get('end')!.x);
    const yes = at.get('yes')!;
    const no = at.get('no')!;
    expect(Math.abs(yes.y - no.y)).toBeGreaterThanOrEqual(nodeHeight(1));
  });

  it('keeps a definition that has positions as it is, unless asked to arrange everything', async () => {
    const doc = definition([activity('start', 'Elsa.Start', 500, 500), activity('end', 'Elsa.End', 0, 0)], [connection('start', 'Done', 'end')]);
    expect(await laidOut(doc, map)).toBe(doc);
    const arranged = await autoLayout(doc, map, true);
    const [start, end] = activitiesOf(arranged).map((a) => positionOf(a)!);
    expect(start.x).toBeLessThan(end.x);
    // Everything else in the activities is kept.
    expect(activitiesOf(arranged)[0].metadata?.displayText).toBe('start');
  });
});
