import { createStore } from 'zustand/vanilla';
import type { ActivityDescriptor, ActivityJson, ConnectionJson, DefinitionJson, DefinitionSummary, Position, ValidationError } from '../api/types';
import {
  activitiesOf,
  addConnection,
  cloneActivities,
  connectionIds,
  connectionsOf,
  createActivity,
  descriptorMap,
  displayName,
  outgoingPorts,
  portsOf,
  positionOf,
  removeActivities,
  withActivities,
  withGraph,
  withPosition,
  type DescriptorMap,
} from '../model/definition';
import { nodeHeight, nodeWidth, NODE_WIDTH } from '../model/graph';
import * as history from '../model/history';
import { nearestActivity, type Direction } from '../model/navigation';
import { freeSpot, obstaclesOf } from '../model/placement';

// The editor's one store: the document with its undo history, what is selected, the server's
// problems, and which panel or dialog is open. Everything that changes the document goes through
// here, so it can be tested without a browser; the components only read it and call its actions.

export type Tab = 'properties' | 'variables' | 'workflow';
export type Dialog = 'help' | 'goto' | 'publish' | null;

export interface Selection {
  nodes: ReadonlySet<string>;
  edges: ReadonlySet<string>;
}

export interface Message {
  text: string;
  tone: 'info' | 'error';
}

export interface DocIndex {
  activities: ActivityJson[];
  connections: ConnectionJson[];
  edgeIds: string[];
  byId: Map<string, ActivityJson>;
  /** Ports each activity has connections from. */
  used: Map<string, Set<string>>;
}

export interface DesignerData {
  definitionId: string;
  doc: DefinitionJson;
  descriptors: ActivityDescriptor[];
  versions: DefinitionSummary[];
  flash?: string | null;
  /** Milliseconds, for coalescing typing into one undo step (performance.now() in the page). */
  now?: () => number;
  /** Where copied activities go besides this page (localStorage in the page). */
  clipboard?: Pick<Storage, 'getItem' | 'setItem'> | null;
}

export interface DesignerState extends history.History {
  definitionId: string;
  descriptorList: ActivityDescriptor[];
  descriptors: DescriptorMap;
  index: DocIndex;
  savedDoc: DefinitionJson;
  meta: DefinitionSummary | null;
  versions: DefinitionSummary[];
  selection: Selection;
  /** The activity that has keyboard focus on the canvas (one of the selection). */
  current: string | null;
  /** Bumped when the view should move to the current activity and focus it. */
  focusTick: number;
  errors: ValidationError[];
  errorsByActivity: Map<string, ValidationError[]>;
  validated: boolean;
  tab: Tab;
  connectFrom: string | null;
  connectTarget: string | null;
  dialog: Dialog;
  message: Message | null;
  announcement: string;
  focusInput: { activityId: string; input?: string | null } | null;
  busy: 'save' | 'publish' | null;
  /** Bumped when the view should show the flowchart readably again (after an automatic layout). */
  viewTick: number;

  change(update: (doc: DefinitionJson) => DefinitionJson, options?: history.ChangeOptions): void;
  replace(update: (doc: DefinitionJson) => DefinitionJson): void;
  commitFrom(before: DefinitionJson): void;
  undo(): void;
  redo(): void;
  relaidOut(doc: DefinitionJson): void;

  saved(doc: DefinitionJson, meta: DefinitionSummary, errors: ValidationError[]): void;
  setMeta(meta: DefinitionSummary): void;
  setVersions(versions: DefinitionSummary[]): void;
  setErrors(errors: ValidationError[], validated?: boolean): void;
  setBusy(busy: DesignerState['busy']): void;

  say(text: string, tone?: Message['tone']): void;
  announce(text: string): void;
  setTab(tab: Tab): void;
  openDialog(dialog: Dialog): void;

  select(id: string | null, options?: { focus?: boolean; add?: boolean; silent?: boolean }): void;
  selectAll(): void;
  clearSelection(): void;
  selectEdge(id: string): void;
  applySelectionChanges(nodes: Map<string, boolean> | null, edges: Map<string, boolean> | null): void;
  step(direction: Direction): void;
  cycleEdges(): void;

  addActivity(descriptor: ActivityDescriptor, at: Position | { near: Position }): void;
  deleteSelection(): void;
  copySelection(cut?: boolean): void;
  paste(): void;
  connect(source: string, port: string, target: string): void;
  moveSelection(dx: number, dy: number): void;
  openConnect(id: string | null): void;
  closeConnect(): void;
  setConnectTarget(id: string | null): void;
  goToProblem(error: ValidationError): void;
  goToInputs(activityId: string): void;
  inputFocused(): void;
}

const emptySelection: Selection = { nodes: new Set(), edges: new Set() };
export const clipboardKey = 'kundportal-designer-clipboard';
let pageClipboard: string | null = null;

export function indexDoc(doc: DefinitionJson): DocIndex {
  const activities = activitiesOf(doc);
  const connections = connectionsOf(doc);
  return { activities, connections, edgeIds: connectionIds(connections), byId: new Map(activities.map((a) => [a.id, a])), used: outgoingPorts(connections) };
}

function groupErrors(errors: ValidationError[]): Map<string, ValidationError[]> {
  const m = new Map<string, ValidationError[]>();
  for (const e of errors) if (e.activityId) m.set(e.activityId, [...(m.get(e.activityId) ?? []), e]);
  return m;
}

export function labelOf(s: Pick<DesignerState, 'index' | 'descriptors'>, id: string): string {
  const a = s.index.byId.get(id);
  return a ? displayName(a, s.descriptors) : id;
}

export function portsOfActivity(s: Pick<DesignerState, 'index' | 'descriptors'>, id: string): string[] {
  const a = s.index.byId.get(id);
  return a ? portsOf(a, s.descriptors.get(a.type), s.index.used.get(id)) : [];
}

export function isDirty(s: Pick<DesignerState, 'doc' | 'savedDoc'>): boolean {
  return s.doc !== s.savedDoc;
}

function plural(n: number, one: string, many: string) {
  return `${n} ${n === 1 ? one : many}`;
}

export function createDesignerStore(data: DesignerData) {
  const now = data.now ?? (() => performance.now());
  const storage = data.clipboard === undefined ? safeLocalStorage() : data.clipboard;
  const descriptors = descriptorMap(data.descriptors);
  const meta = data.versions.find((v) => v.version === data.doc.version) ?? data.versions[data.versions.length - 1] ?? null;

  return createStore<DesignerState>()((set, get) => {
    /** A new history: the index follows the document, and the selection keeps only what still exists. */
    const setHistory = (h: history.History, extra: Partial<DesignerState> = {}) => {
      const s = get();
      if (sameHistory(h, s) && Object.keys(extra).length === 0) return;
      const index = h.doc === s.doc ? s.index : indexDoc(h.doc);
      let selection = extra.selection ?? s.selection;
      if (index !== s.index) {
        const nodes = [...selection.nodes].filter((id) => index.byId.has(id));
        const edges = [...selection.edges].filter((id) => index.edgeIds.includes(id));
        if (nodes.length !== selection.nodes.size || edges.length !== selection.edges.size) selection = { nodes: new Set(nodes), edges: new Set(edges) };
      }
      const current = extra.current !== undefined ? extra.current : s.current;
      set({ ...h, index, ...extra, selection, current: current && index.byId.has(current) ? current : null });
    };
    const label = (id: string) => labelOf(get(), id);

    return {
      ...history.startHistory(data.doc),
      definitionId: data.definitionId,
      descriptorList: data.descriptors,
      descriptors,
      index: indexDoc(data.doc),
      savedDoc: data.doc,
      meta,
      versions: data.versions,
      selection: emptySelection,
      current: null,
      focusTick: 0,
      errors: [],
      errorsByActivity: new Map(),
      validated: false,
      tab: 'properties',
      connectFrom: null,
      connectTarget: null,
      dialog: null,
      message: data.flash ? { text: data.flash, tone: 'info' } : null,
      announcement: '',
      focusInput: null,
      busy: null,
      viewTick: 0,

      change: (update, options = {}) => setHistory(history.applyChange(historyOf(get()), update, options, now())),
      replace: (update) => setHistory(history.replaceDoc(historyOf(get()), update)),
      commitFrom: (before) => setHistory(history.commitFrom(historyOf(get()), before)),
      undo: () => setHistory(history.undo(historyOf(get()))),
      redo: () => setHistory(history.redo(historyOf(get()))),
      relaidOut: (doc) => {
        setHistory(history.applyChange(historyOf(get()), () => doc, { layoutOnly: true }, now()), { viewTick: get().viewTick + 1 });
        get().say('Aktiviteterna är omplacerade automatiskt. Ctrl+Z ångrar.');
      },

      saved: (doc, meta, errors) => set({ savedDoc: doc, meta, errors, errorsByActivity: groupErrors(errors) }),
      setMeta: (meta) => set({ meta }),
      setVersions: (versions) => set({ versions }),
      setErrors: (errors, validated = true) =>
        set((s) => ({
          errors,
          errorsByActivity: groupErrors(errors),
          validated: s.validated || validated,
          message: errors.length === 0 && s.message?.tone === 'error' ? null : s.message,
        })),
      setBusy: (busy) => set({ busy }),

      say: (text, tone = 'info') => {
        set({ message: { text, tone } });
        get().announce(text);
      },
      announce: (text) => set((s) => ({ announcement: s.announcement === text ? `${text}\u00a0` : text })),
      setTab: (tab) => set({ tab }),
      openDialog: (dialog) => set({ dialog }),

      select: (id, options = {}) => {
        const s = get();
        set({
          selection: { nodes: new Set(id ? (options.add ? [...s.selection.nodes, id] : [id]) : []), edges: new Set() },
          current: id,
          focusTick: id && options.focus !== false ? s.focusTick + 1 : s.focusTick,
        });
        if (id && !options.silent) {
          const a = s.index.byId.get(id);
          const ports = portsOfActivity(s, id);
          const problems = s.errorsByActivity.get(id)?.length ?? 0;
          s.announce(
            `${label(id)}, ${a?.type ?? ''}. ${ports.length ? `Utgångar: ${ports.join(', ')}.` : 'Inga utgångar.'}${problems ? ` ${problems} problem.` : ''}`,
          );
        }
      },
      selectAll: () => {
        const { activities } = get().index;
        set({ selection: { nodes: new Set(activities.map((a) => a.id)), edges: new Set() } });
        get().announce(`Alla ${activities.length} aktiviteter markerade.`);
      },
      clearSelection: () => {
        set({ selection: emptySelection, current: null });
        get().announce('Markeringen borttagen.');
      },
      selectEdge: (id) => set({ selection: { nodes: new Set(), edges: new Set([id]) } }),
      applySelectionChanges: (nodes, edges) =>
        set((s) => {
          const n = new Set(s.selection.nodes);
          const e = new Set(s.selection.edges);
          for (const [id, on] of nodes ?? []) on ? n.add(id) : n.delete(id);
          for (const [id, on] of edges ?? []) on ? e.add(id) : e.delete(id);
          return { selection: { nodes: n, edges: e } };
        }),
      step: (direction) => {
        const s = get();
        const next = nearestActivity(s.index.activities, s.current ? s.index.byId.get(s.current) : undefined, direction);
        if (next) s.select(next);
        else s.announce('Ingen aktivitet åt det hållet.');
      },
      cycleEdges: () => {
        const s = get();
        const { current } = s;
        if (!current) return;
        const related = s.index.connections.map((c, i) => ({ c, id: s.index.edgeIds[i] })).filter(({ c }) => c.source.activity === current || c.target.activity === current);
        if (related.length === 0) return s.say(`${label(current)} har inga kopplingar.`);
        const at = related.findIndex(({ id }) => s.selection.edges.has(id));
        const { c, id } = related[(at + 1) % related.length];
        set({ selection: { nodes: new Set(), edges: new Set([id]) } });
        s.say(`Koppling vald: ${label(c.source.activity)} (${c.source.port ?? 'Done'}) till ${label(c.target.activity)}. Delete tar bort den, E väljer nästa.`);
      },

      addActivity: (descriptor, at) => {
        const s = get();
        let position: Position;
        if ('near' in at) {
          const from = s.current ? s.index.byId.get(s.current) : undefined;
          const fp = from && positionOf(from);
          const preferred = fp ? { x: fp.x + nodeWidth(from!) + 80, y: fp.y } : at.near;
          const size = { w: NODE_WIDTH, h: nodeHeight(descriptor.hasDynamicOutcomes ? 1 : descriptor.outcomes.length) };
          position = freeSpot(preferred, size, obstaclesOf(s.index.activities, s.index.connections, s.descriptors));
        } else position = at;
        const activity = createActivity(descriptor, position, s.index.activities);
        s.change((d) => withActivities(d, [...activitiesOf(d), activity]));
        set({ tab: 'properties' });
        get().select(activity.id, { silent: true });
        get().say(`La till ${descriptor.displayName} (${activity.id}). Tryck K för att koppla från den, eller välj en annan aktivitet och koppla till den.`);
      },
      deleteSelection: () => {
        const { nodes: ids, edges } = get().selection;
        if (ids.size === 0 && edges.size === 0) return;
        get().change((d) => removeActivities(d, new Set(ids), new Set(edges)));
        set({ selection: emptySelection, current: null });
        const parts = [ids.size ? plural(ids.size, 'aktivitet', 'aktiviteter') : '', edges.size ? plural(edges.size, 'koppling', 'kopplingar') : ''].filter(Boolean);
        get().say(`Tog bort ${parts.join(' och ')}. Ctrl+Z ångrar.`);
      },
      copySelection: (cut = false) => {
        const s = get();
        const ids = s.selection.nodes;
        if (ids.size === 0) return;
        const copied = s.index.activities.filter((a) => ids.has(a.id));
        const connections = s.index.connections.filter((c) => ids.has(c.source.activity) && ids.has(c.target.activity));
        const payload = JSON.stringify({ kind: clipboardKey, activities: copied, connections });
        pageClipboard = payload;
        try {
          storage?.setItem(clipboardKey, payload);
        } catch {
          // Storage may be full or switched off; the copy then lives only in this page.
        }
        pasteCount = 0;
        if (cut) {
          s.change((d) => removeActivities(d, new Set(ids)));
          set({ selection: emptySelection, current: null });
        }
        get().say(`${cut ? 'Klippte ut' : 'Kopierade'} ${plural(copied.length, 'aktivitet', 'aktiviteter')}. Ctrl+V klistrar in.`);
      },
      paste: () => {
        let text = pageClipboard;
        try {
          text = storage?.getItem(clipboardKey) ?? text;
        } catch {
          // Use the page's own copy.
        }
        if (!text) return get().say('Urklippet är tomt: markera aktiviteter och tryck Ctrl+C först.');
        const parsed = JSON.parse(text) as { activities: ActivityJson[]; connections: ConnectionJson[] };
        pasteCount++;
        const offset = { x: 40 * pasteCount, y: 40 * pasteCount };
        const { activities: added, connections: addedConnections } = cloneActivities(parsed.activities, parsed.connections, get().index.activities, offset);
        get().change((d) => withGraph(d, [...activitiesOf(d), ...added], [...connectionsOf(d), ...addedConnections]));
        set((s) => ({
          selection: { nodes: new Set(added.map((a) => a.id)), edges: new Set() },
          current: added[0]?.id ?? s.current,
          focusTick: added[0] ? s.focusTick + 1 : s.focusTick,
        }));
        get().say(`Klistrade in ${plural(added.length, 'aktivitet', 'aktiviteter')}.`);
      },
      connect: (source, port, target) => {
        if (source === target) return get().say('En aktivitet kan inte kopplas till sig själv.', 'error');
        get().change((d) => addConnection(d, source, port, target));
        get().say(`Kopplade ${label(source)} (${port}) till ${label(target)}.`);
      },
      moveSelection: (dx, dy) => {
        const ids = get().selection.nodes;
        if (ids.size === 0) return;
        get().change(
          (d) =>
            withActivities(
              d,
              activitiesOf(d).map((a) => (ids.has(a.id) ? withPosition(a, { x: (positionOf(a)?.x ?? 0) + dx, y: (positionOf(a)?.y ?? 0) + dy }) : a)),
            ),
          { coalesce: 'keyboard-move', layoutOnly: true },
        );
      },
      openConnect: (id) => {
        const s = get();
        if (!id || !s.index.byId.has(id)) return s.say('Välj först den aktivitet kopplingen ska gå från (piltangenterna eller ett klick).', 'error');
        if (portsOfActivity(s, id).length === 0) return s.say(`${label(id)} har inga utgångar att koppla från.`, 'error');
        set({ connectFrom: id });
      },
      closeConnect: () => set({ connectFrom: null, connectTarget: null }),
      setConnectTarget: (id) => set({ connectTarget: id }),
      goToProblem: (e) => {
        const s = get();
        if (!e.activityId || !s.index.byId.has(e.activityId)) return s.announce('Problemet gäller hela arbetsflödet.');
        set({
          selection: { nodes: new Set([e.activityId]), edges: new Set() },
          current: e.activityId,
          tab: 'properties',
          focusInput: { activityId: e.activityId, input: e.input },
        });
      },
      goToInputs: (activityId) => set({ tab: 'properties', focusInput: { activityId } }),
      inputFocused: () => set({ focusInput: null }),
    };
  });
}

let pasteCount = 0;

export type DesignerStore = ReturnType<typeof createDesignerStore>;

function sameHistory(a: history.History, b: history.History): boolean {
  return a.doc === b.doc && a.past === b.past && a.future === b.future && a.contentRevision === b.contentRevision && a.last === b.last;
}

function historyOf(s: history.History): history.History {
  return { doc: s.doc, past: s.past, future: s.future, contentRevision: s.contentRevision, last: s.last };
}

function safeLocalStorage(): Pick<Storage, 'getItem' | 'setItem'> | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}
