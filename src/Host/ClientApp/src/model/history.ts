import type { DefinitionJson } from '../api/types';

// Undo and redo over whole documents. Documents share structure (every change copies only the
// path it touches), so keeping a couple of hundred of them costs little. Plain functions over a
// value: the designer's store calls them, the unit tests call them with their own clock.

export const historyLimit = 200;
/** Changes with the same coalesce key closer together than this undo as one step. */
export const coalesceMs = 1500;

export interface History {
  doc: DefinitionJson;
  past: DefinitionJson[];
  future: DefinitionJson[];
  /** Bumped by changes to content (not by moving boxes), to know when to validate again. */
  contentRevision: number;
  /** The last change's coalesce key and time. */
  last: { key?: string; at: number };
}

export interface ChangeOptions {
  /** Consecutive changes with the same key (typing into one field) undo as one step. */
  coalesce?: string;
  /** Only positions changed: no need to validate again. */
  layoutOnly?: boolean;
}

export function startHistory(doc: DefinitionJson): History {
  return { doc, past: [], future: [], contentRevision: 0, last: { at: 0 } };
}

function remember(past: DefinitionJson[], doc: DefinitionJson): DefinitionJson[] {
  return [...past.slice(-historyLimit + 1), doc];
}

/** An undoable change; `now` is in milliseconds (performance.now() in the page). */
export function applyChange(h: History, update: (doc: DefinitionJson) => DefinitionJson, options: ChangeOptions, now: number): History {
  const next = update(h.doc);
  if (next === h.doc) return h;
  const coalesce = options.coalesce !== undefined && h.last.key === options.coalesce && now - h.last.at < coalesceMs;
  return {
    doc: next,
    past: coalesce ? h.past : remember(h.past, h.doc),
    future: [],
    contentRevision: options.layoutOnly ? h.contentRevision : h.contentRevision + 1,
    last: { key: options.coalesce, at: now },
  };
}

/** Changes the document without an undo step (a drag in progress). */
export function replaceDoc(h: History, update: (doc: DefinitionJson) => DefinitionJson): History {
  const next = update(h.doc);
  return next === h.doc ? h : { ...h, doc: next };
}

/** Records `before` as the undo step for everything since (used when a drag ends). */
export function commitFrom(h: History, before: DefinitionJson): History {
  if (before === h.doc) return { ...h, last: { at: 0 } };
  return { ...h, past: remember(h.past, before), future: [], last: { at: 0 } };
}

export function undo(h: History): History {
  if (h.past.length === 0) return h;
  return {
    doc: h.past[h.past.length - 1],
    past: h.past.slice(0, -1),
    future: [h.doc, ...h.future],
    contentRevision: h.contentRevision + 1,
    last: { at: 0 },
  };
}

export function redo(h: History): History {
  if (h.future.length === 0) return h;
  return { doc: h.future[0], past: [...h.past, h.doc], future: h.future.slice(1), contentRevision: h.contentRevision + 1, last: { at: 0 } };
}
