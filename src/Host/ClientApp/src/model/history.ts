import { useCallback, useMemo, useRef, useState } from 'react';
import type { DefinitionJson } from '../api/types';

// Undo and redo over whole documents. Documents share structure (every change copies only the
// path it touches), so keeping a hundred of them costs little.

const limit = 200;
const coalesceMs = 1500;

interface HistoryState {
  doc: DefinitionJson;
  past: DefinitionJson[];
  future: DefinitionJson[];
  /** Bumped by changes to content (not by moving boxes), to know when to validate again. */
  contentRevision: number;
}

export interface ChangeOptions {
  /** Consecutive changes with the same key (typing into one field) undo as one step. */
  coalesce?: string;
  /** Only positions changed: no need to validate again. */
  layoutOnly?: boolean;
}

export function useDocumentHistory(initial: DefinitionJson) {
  const [state, setState] = useState<HistoryState>({ doc: initial, past: [], future: [], contentRevision: 0 });
  const last = useRef<{ key?: string; at: number }>({ at: 0 });

  const change = useCallback((update: (doc: DefinitionJson) => DefinitionJson, options: ChangeOptions = {}) => {
    setState((s) => {
      const next = update(s.doc);
      if (next === s.doc) return s;
      const now = performance.now();
      const coalesce = options.coalesce !== undefined && last.current.key === options.coalesce && now - last.current.at < coalesceMs;
      last.current = { key: options.coalesce, at: now };
      return {
        doc: next,
        past: coalesce ? s.past : [...s.past.slice(-limit + 1), s.doc],
        future: [],
        contentRevision: options.layoutOnly ? s.contentRevision : s.contentRevision + 1,
      };
    });
  }, []);

  /** Changes the document without an undo step (a drag in progress, or fields the store owns). */
  const replace = useCallback((update: (doc: DefinitionJson) => DefinitionJson) => {
    setState((s) => {
      const next = update(s.doc);
      return next === s.doc ? s : { ...s, doc: next };
    });
  }, []);

  /** Records `before` as the undo step for everything since (used when a drag ends). */
  const commitFrom = useCallback((before: DefinitionJson) => {
    last.current = { at: 0 };
    setState((s) => (before === s.doc ? s : { ...s, past: [...s.past.slice(-limit + 1), before], future: [] }));
  }, []);

  const undo = useCallback(() => {
    last.current = { at: 0 };
    setState((s) =>
      s.past.length === 0
        ? s
        : { doc: s.past[s.past.length - 1], past: s.past.slice(0, -1), future: [s.doc, ...s.future], contentRevision: s.contentRevision + 1 },
    );
  }, []);

  const redo = useCallback(() => {
    last.current = { at: 0 };
    setState((s) =>
      s.future.length === 0 ? s : { doc: s.future[0], past: [...s.past, s.doc], future: s.future.slice(1), contentRevision: s.contentRevision + 1 },
    );
  }, []);

  const reset = useCallback((doc: DefinitionJson) => {
    last.current = { at: 0 };
    setState((s) => ({ doc, past: [], future: [], contentRevision: s.contentRevision + 1 }));
  }, []);

  return useMemo(
    () => ({
      doc: state.doc,
      contentRevision: state.contentRevision,
      canUndo: state.past.length > 0,
      canRedo: state.future.length > 0,
      change,
      replace,
      commitFrom,
      undo,
      redo,
      reset,
    }),
    [state, change, replace, commitFrom, undo, redo, reset],
  );
}
