import { describe, expect, it } from 'vitest';
import { activitiesOf, descriptorMap, withActivities, withPosition, withVersionComment } from './definition';
import { compareDefinitions } from './diff';
import { activity, chain, connection, definition, descriptors } from './testing';

const map = descriptorMap(descriptors);
const titles = (from: ReturnType<typeof chain>, to: ReturnType<typeof chain>) => compareDefinitions(from, to, map).changes.map((c) => `${c.kind}|${c.title}`);

describe('comparing versions', () => {
  it('finds added and removed activities and connections, and marks them on the graph', () => {
    const from = chain();
    const to = definition(
      [...activitiesOf(from).filter((a) => a.id !== 'b'), activity('c', 'Elsa.Delay', 600, 200)],
      [connection('start', 'Done', 'a'), connection('a', 'Done', 'c'), connection('c', 'Done', 'end')],
    );
    const c = compareDefinitions(from, to, map);
    expect(c.changes.map((x) => `${x.kind}|${x.title}`).sort()).toEqual(
      [
        'removed|Borttagen aktivitet: b',
        'added|Tillagd aktivitet: c',
        'added|Tillagd koppling: a (Done) → c',
        'added|Tillagd koppling: c (Done) → end',
        'removed|Borttagen koppling: a (Done) → b',
        'removed|Borttagen koppling: b (Done) → end',
      ].sort(),
    );
    expect(c.nodeMarks.get('b')).toBe('removed');
    expect(c.nodeMarks.get('c')).toBe('added');
    // The removed activity is drawn too, clear of the newer version's boxes.
    expect(c.activities.map((a) => a.id)).toContain('b');
  });

  it('describes a changed input, and a moved box is not a change', () => {
    const from = chain();
    const to = withActivities(
      from,
      activitiesOf(from).map((a) =>
        a.id === 'a' ? { ...a, text: { typeName: 'String', expression: { type: 'Literal', value: 'hej' } } } : a.id === 'b' ? withPosition(a, { x: 650, y: 40 }) : a,
      ),
    );
    const c = compareDefinitions(from, to, map);
    expect(c.changes).toHaveLength(1);
    expect(c.changes[0].title).toBe('Ändrad aktivitet: a');
    expect(c.changes[0].details).toEqual(['Text: (inte angiven) → «hej»']);
    expect(c.moved).toEqual(['b']);
  });

  it('does not count the publishing comment as a change of content', () => {
    const from = withVersionComment(chain(), 'Första versionen');
    const to = withVersionComment(chain(), 'Ny text i mejlet');
    expect(titles(from, to)).toEqual([]);
    expect(titles(chain(), { ...to, customProperties: { ...(to.customProperties as object), owner: 'Inera' } })).toEqual(['changed|Egna egenskaper ändrad']);
  });

  it('lists added, removed and renamed variables', () => {
    const from = chain();
    const to = { ...from, variables: [{ id: 'v1', name: 'CaseNumber', typeName: 'String' }] };
    expect(titles(from, to)).toEqual(['added|Tillagd variabel: CaseNumber']);
    expect(titles(to, from)).toEqual(['removed|Borttagen variabel: CaseNumber']);
  });
});
