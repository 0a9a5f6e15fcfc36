import { describe, expect, it } from 'vitest';
import { activitiesOf, connectionsOf, positionOf } from '../model/definition';
import { isFree, obstaclesOf } from '../model/placement';
import { chain, descriptors } from '../model/testing';
import { createDesignerStore, isDirty } from './store';

function store() {
  let t = 0;
  const memory = new Map<string, string>();
  return createDesignerStore({
    definitionId: 'test',
    doc: chain(),
    descriptors,
    versions: [],
    now: () => (t += 10_000),
    clipboard: { getItem: (k) => memory.get(k) ?? null, setItem: (k, v) => void memory.set(k, v) },
  });
}
const delay = descriptors.find((d) => d.typeName === 'Elsa.Delay')!;

describe('the designer store', () => {
  it('adds an activity next to the current one, in free space and off every connection, selected and announced', () => {
    const s = store();
    s.getState().select('a');
    s.getState().addActivity(delay, { near: { x: 0, y: 0 } });
    const { index, selection, current, message } = s.getState();
    const added = index.byId.get('delay')!;
    expect(current).toBe('delay');
    expect([...selection.nodes]).toEqual(['delay']);
    expect(message?.text).toContain('La till Delay');
    const others = index.activities.filter((a) => a.id !== 'delay');
    const p = positionOf(added)!;
    expect(isFree({ ...p, w: 220, h: 82 }, obstaclesOf(others, index.connections, s.getState().descriptors))).toBe(true);
    expect(isDirty(s.getState())).toBe(true);
  });

  it('connects by keyboard, refuses a connection to itself, and undo takes it back', () => {
    const s = store();
    s.getState().connect('a', 'Done', 'end');
    expect(connectionsOf(s.getState().doc)).toContainEqual({ source: { activity: 'a', port: 'Done' }, target: { activity: 'end', port: 'In' } });
    s.getState().connect('a', 'Done', 'a');
    expect(s.getState().message).toEqual({ text: 'En aktivitet kan inte kopplas till sig själv.', tone: 'error' });
    s.getState().undo();
    expect(connectionsOf(s.getState().doc)).toHaveLength(3);
  });

  it('deletes the selection with its connections; undo brings both back and the selection forgets what is gone', () => {
    const s = store();
    s.getState().select('b');
    s.getState().deleteSelection();
    expect(s.getState().index.byId.has('b')).toBe(false);
    expect(connectionsOf(s.getState().doc)).toHaveLength(1);
    s.getState().undo();
    expect(connectionsOf(s.getState().doc)).toHaveLength(3);
    s.getState().select('b');
    s.getState().undo(); // nothing left to undo: the selection stays
    s.getState().redo();
    expect(s.getState().selection.nodes.has('b')).toBe(false);
    expect(s.getState().current).toBeNull();
  });

  it('pastes copies with fresh ids and their connections among themselves', () => {
    const s = store();
    s.getState().select('a');
    s.getState().select('b', { add: true });
    s.getState().copySelection();
    s.getState().paste();
    const ids = activitiesOf(s.getState().doc).map((x) => x.id);
    expect(ids).toEqual(['start', 'a', 'b', 'end', 'a2', 'b2']);
    expect(connectionsOf(s.getState().doc)).toContainEqual({ source: { activity: 'a2', port: 'Done' }, target: { activity: 'b2', port: 'In' } });
    expect([...s.getState().selection.nodes]).toEqual(['a2', 'b2']);
  });

  it('walks with the arrow keys and steps through the current activity’s connections', () => {
    const s = store();
    s.getState().step('right');
    expect(s.getState().current).toBe('start');
    s.getState().step('right');
    expect(s.getState().current).toBe('a');
    expect(s.getState().announcement).toContain('Utgångar: Done');
    s.getState().cycleEdges();
    s.getState().cycleEdges();
    expect([...s.getState().selection.edges]).toEqual(['a|Done|b']);
    s.getState().deleteSelection();
    expect(connectionsOf(s.getState().doc).map((c) => c.target.activity)).toEqual(['a', 'end']);
  });

  it('knows unsaved changes until saved, and a problem takes the user to its activity and input', () => {
    const s = store();
    s.getState().moveSelection(10, 0); // nothing selected: nothing changes
    expect(isDirty(s.getState())).toBe(false);
    s.getState().select('a');
    s.getState().moveSelection(20, 0);
    expect(isDirty(s.getState())).toBe(true);
    expect(s.getState().contentRevision).toBe(0);
    s.getState().saved(s.getState().doc, { version: 3 } as never, []);
    expect(isDirty(s.getState())).toBe(false);
    s.getState().setErrors([{ path: '$.root', message: 'Fel', activityId: 'b', input: 'text' }]);
    s.getState().goToProblem(s.getState().errors[0]);
    expect(s.getState()).toMatchObject({ current: 'b', tab: 'properties', focusInput: { activityId: 'b', input: 'text' } });
    expect(s.getState().errorsByActivity.get('b')).toHaveLength(1);
  });
});
