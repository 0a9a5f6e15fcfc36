import { describe, expect, it } from 'vitest';
import { activitiesOf, withActivities, withPosition } from './definition';
import { applyChange, coalesceMs, commitFrom, historyLimit, redo, replaceDoc, startHistory, undo } from './history';
import { chain } from './testing';

const rename = (name: string) => (d: ReturnType<typeof chain>) => ({ ...d, name });

describe('history', () => {
  it('undoes and redoes whole documents, and a new change clears what could be redone', () => {
    const h0 = startHistory(chain());
    const h1 = applyChange(h0, rename('Ett'), {}, 0);
    const h2 = applyChange(h1, rename('Två'), {}, 10_000);
    expect(undo(h2).doc.name).toBe('Ett');
    expect(undo(undo(h2)).doc).toBe(h0.doc);
    expect(redo(undo(h2)).doc.name).toBe('Två');
    const branched = applyChange(undo(h2), rename('Tre'), {}, 20_000);
    expect(branched.future).toEqual([]);
    expect(redo(branched)).toBe(branched);
  });

  it('coalesces typing into one field into one undo step, but not after a pause or in another field', () => {
    let h = startHistory(chain());
    h = applyChange(h, rename('K'), { coalesce: 'name' }, 0);
    h = applyChange(h, rename('Ka'), { coalesce: 'name' }, 200);
    h = applyChange(h, rename('Kal'), { coalesce: 'name' }, 400);
    expect(h.past).toHaveLength(1);
    h = applyChange(h, rename('Kalle'), { coalesce: 'name' }, 400 + coalesceMs + 1);
    expect(h.past).toHaveLength(2);
    h = applyChange(h, (d) => ({ ...d, description: 'x' }), { coalesce: 'description' }, 400 + coalesceMs + 2);
    expect(h.past).toHaveLength(3);
    expect(undo(h).doc.name).toBe('Kalle');
  });

  it('counts content changes for validation, not layout-only ones, and ignores changes that change nothing', () => {
    const h0 = startHistory(chain());
    const moved = applyChange(h0, (d) => withActivities(d, activitiesOf(d).map((a) => withPosition(a, { x: 1, y: 1 }))), { layoutOnly: true }, 0);
    expect(moved.contentRevision).toBe(0);
    expect(moved.past).toHaveLength(1);
    expect(applyChange(moved, rename('Ny'), {}, 0).contentRevision).toBe(1);
    expect(applyChange(h0, (d) => d, {}, 0)).toBe(h0);
  });

  it('records a drag as one step from where it started', () => {
    const h0 = startHistory(chain());
    let h = replaceDoc(h0, rename('under dragning 1'));
    h = replaceDoc(h, rename('under dragning 2'));
    expect(h.past).toHaveLength(0);
    h = commitFrom(h, h0.doc);
    expect(h.past).toEqual([h0.doc]);
    expect(undo(h).doc).toBe(h0.doc);
  });

  it(`keeps at most ${historyLimit} steps`, () => {
    let h = startHistory(chain());
    for (let i = 0; i < historyLimit + 25; i++) h = applyChange(h, rename(`v${i}`), {}, i * 10_000);
    expect(h.past).toHaveLength(historyLimit);
    expect(h.past[0].name).toBe('v24');
  });
});
