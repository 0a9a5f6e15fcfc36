import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  Background,
  MiniMap,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  type Connection,
  type EdgeChange,
  type NodeChange,
} from '@xyflow/react';
import { api, ApiError, downloadExport, errorText, loadDescriptors, saveFile } from '../api/client';
import type { ActivityDescriptor, ActivityJson, ConnectionJson, DefinitionJson, DefinitionSummary, Position, ValidationError } from '../api/types';
import { nodeTypes } from '../components/ActivityNode';
import { ConnectDialog } from '../components/ConnectDialog';
import { PageLoadStatus, usePageLoad } from '../components/PageLoad';
import { Palette, activityDragType } from '../components/Palette';
import { PropertiesPanel } from '../components/PropertiesPanel';
import { ProblemsList } from '../components/ProblemsList';
import { ShortcutsHelp } from '../components/ShortcutsHelp';
import { ZoomButtons } from '../components/ZoomButtons';
import { VariablesPanel } from '../components/VariablesPanel';
import { WorkflowPanel } from '../components/WorkflowPanel';
import { swedishFlowLabels } from '../components/flowLabels';
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
  updateActivity,
  versionLabel,
  withActivities,
  withConnections,
  withGraph,
  withPosition,
} from '../model/definition';
import { NODE_WIDTH, buildEdge, buildNode, nodeHeight, type ActivityFlowNode, type ConnectionFlowEdge } from '../model/graph';
import { useDocumentHistory } from '../model/history';
import { autoLayout, laidOut } from '../model/layout';
import { href, Link, navigate, setNavigationGuard, takeFlash } from '../router';

interface Loaded {
  doc: DefinitionJson;
  descriptors: ActivityDescriptor[];
  versions: DefinitionSummary[];
}

/** Opens one version of a definition as an editable flowchart. */
export function DesignerPage({ definitionId, version }: { definitionId: string; version: string | null }) {
  const state = usePageLoad<Loaded>(async () => {
    document.title = `${definitionId} – Processdesigner`;
    const [descriptors, doc, versions] = await Promise.all([
      loadDescriptors(),
      api.definition(definitionId, version ?? 'Latest'),
      api.versions(definitionId).catch(() => [] as DefinitionSummary[]),
    ]);
    const shown = await laidOut(doc, descriptorMap(descriptors));
    performance.mark('designer:data');
    return { doc: shown, descriptors, versions };
  }, [definitionId, version]);

  if (state.status !== 'ready')
    return <PageLoadStatus state={state} loading={`Öppnar ${definitionId}…`} failed={`Kunde inte öppna ${definitionId}`} back={{ to: '/', text: 'Till arbetsflödena' }} />;
  return (
    <ReactFlowProvider>
      <DesignerEditor definitionId={definitionId} {...state.data} />
    </ReactFlowProvider>
  );
}

type Tab = 'properties' | 'variables' | 'workflow';
interface Selection {
  nodes: Set<string>;
  edges: Set<string>;
}
const emptySelection: Selection = { nodes: new Set(), edges: new Set() };
const clipboardKey = 'kundportal-designer-clipboard';

interface Message {
  text: string;
  tone: 'info' | 'error';
}

function DesignerEditor({ definitionId, doc: initialDoc, descriptors, versions: initialVersions }: { definitionId: string } & Loaded) {
  const flow = useReactFlow<ActivityFlowNode, ConnectionFlowEdge>();
  const history = useDocumentHistory(initialDoc);
  const { doc } = history;
  const docRef = useRef(doc);
  docRef.current = doc;
  const [savedDoc, setSavedDoc] = useState(initialDoc);
  const dirty = doc !== savedDoc;
  const [versions, setVersions] = useState(initialVersions);
  const [meta, setMeta] = useState<DefinitionSummary | null>(
    () => initialVersions.find((v) => v.version === initialDoc.version) ?? initialVersions[initialVersions.length - 1] ?? null,
  );
  const [selection, setSelection] = useState<Selection>(emptySelection);
  const [current, setCurrent] = useState<string | null>(null);
  const [focusTick, setFocusTick] = useState(0);
  const [errors, setErrors] = useState<ValidationError[]>([]);
  const [validated, setValidated] = useState(false);
  const [tab, setTab] = useState<Tab>('properties');
  const [connectFrom, setConnectFrom] = useState<string | null>(null);
  const [connectTarget, setConnectTarget] = useState<string | null>(null);
  const [message, setMessage] = useState<Message | null>(() => {
    const text = takeFlash();
    return text ? { text, tone: 'info' } : null;
  });
  const [announcement, setAnnouncement] = useState('');
  const [focusInput, setFocusInput] = useState<{ activityId: string; input?: string | null } | null>(null);
  const [showHelp, setShowHelp] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const canvasRef = useRef<HTMLDivElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const problemsRef = useRef<HTMLHeadingElement>(null);
  const dragStart = useRef<DefinitionJson | null>(null);
  const pasteCount = useRef(0);
  const edgeCursor = useRef(0);

  const map = useMemo(() => descriptorMap(descriptors), [descriptors]);
  const activities = activitiesOf(doc);
  // A large flowchart does not fit the screen at a readable size: it opens at its start, and React Flow
  // draws only the activities in view (the minimap shows them all).
  const large = activities.length > largeFlowchart;
  const [initialView] = useState(() => ({
    padding: 0.15,
    maxZoom: 1,
    minZoom: activities.length > largeFlowchart ? 0.6 : undefined,
    nodes: activities.length > largeFlowchart ? nearStart(activitiesOf(initialDoc)).map((id) => ({ id })) : undefined,
  }));
  const connections = connectionsOf(doc);
  const edgeIds = useMemo(() => connectionIds(connections), [connections]);
  const byId = useMemo(() => new Map(activities.map((a) => [a.id, a])), [activities]);
  const used = useMemo(() => outgoingPorts(connections), [connections]);
  const label = useCallback((id: string) => {
    const a = byId.get(id);
    return a ? displayName(a, map) : id;
  }, [byId, map]);
  const errorsByActivity = useMemo(() => {
    const m = new Map<string, ValidationError[]>();
    for (const e of errors) if (e.activityId) m.set(e.activityId, [...(m.get(e.activityId) ?? []), e]);
    return m;
  }, [errors]);

  const announce = useCallback((text: string) => setAnnouncement((a) => (a === text ? `${text}\u00a0` : text)), []);
  const say = useCallback((text: string, tone: Message['tone'] = 'info') => {
    setMessage({ text, tone });
    announce(text);
  }, [announce]);

  // Selection only ever names things that exist (undo can take them away).
  const liveSelection = useMemo<Selection>(() => {
    const nodes = new Set([...selection.nodes].filter((id) => byId.has(id)));
    const edges = new Set([...selection.edges].filter((id) => edgeIds.includes(id)));
    return nodes.size === selection.nodes.size && edges.size === selection.edges.size ? selection : { nodes, edges };
  }, [selection, byId, edgeIds]);
  const currentId = current && byId.has(current) ? current : null;

  // ---- Nodes and edges for React Flow, rebuilt only for activities that changed.
  const nodeCache = useRef(new Map<string, { key: unknown[]; node: ActivityFlowNode }>());
  const nodes = useMemo(() => {
    const cache = nodeCache.current;
    const next = new Map<string, { key: unknown[]; node: ActivityFlowNode }>();
    const result = activities.map((a) => {
      const descriptor = map.get(a.type);
      const ports = portsOf(a, descriptor, used.get(a.id));
      const key = [a, ports.join('\u0001'), errorsByActivity.get(a.id)?.length ?? 0, liveSelection.nodes.has(a.id), currentId === a.id, connectTarget === a.id];
      const hit = cache.get(a.id);
      const node =
        hit && hit.key.every((k, i) => k === key[i])
          ? hit.node
          : buildNode(a, descriptor, map, {
              ports,
              errorCount: key[2] as number,
              selected: key[3] as boolean,
              focusable: key[4] as boolean,
              highlight: key[5] as boolean,
            });
      next.set(a.id, { key, node });
      return node;
    });
    nodeCache.current = next;
    return result;
  }, [activities, map, used, errorsByActivity, liveSelection, currentId, connectTarget]);

  const edgeCache = useRef(new Map<string, { key: unknown[]; edge: ConnectionFlowEdge }>());
  const edges = useMemo(() => {
    const cache = edgeCache.current;
    const next = new Map<string, { key: unknown[]; edge: ConnectionFlowEdge }>();
    const result = connections.map((c, i) => {
      const id = edgeIds[i];
      const key = [c, liveSelection.edges.has(id), label(c.source.activity), label(c.target.activity)];
      const hit = cache.get(id);
      const edge = hit && hit.key.every((k, j) => k === key[j]) ? hit.edge : buildEdge(id, c, label, { selected: key[1] as boolean });
      next.set(id, { key, edge });
      return edge;
    });
    edgeCache.current = next;
    return result;
  }, [connections, edgeIds, liveSelection, label]);

  // ---- Validation: the server's validator, shortly after each change of content.
  const validateSeq = useRef(0);
  useEffect(() => {
    const seq = ++validateSeq.current;
    const timer = window.setTimeout(
      async () => {
        try {
          const report = await api.validate(docRef.current);
          if (seq === validateSeq.current) {
            setErrors(report.errors);
            setValidated(true);
            if (report.errors.length === 0) setMessage((m) => (m?.tone === 'error' ? null : m));
          }
        } catch (e) {
          if (seq === validateSeq.current && e instanceof ApiError && e.validationErrors.length) setErrors(e.validationErrors);
        }
      },
      // The first check waits until the flowchart is on screen and answering (it costs the server a moment
      // too, on the same machine in small setups); later ones follow the edits.
      history.contentRevision === 0 ? 600 : 350,
    );
    return () => window.clearTimeout(timer);
  }, [history.contentRevision]);

  // ---- Leaving with unsaved changes asks first.
  useEffect(() => {
    if (!dirty) return;
    const onUnload = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', onUnload);
    setNavigationGuard(() => window.confirm('Det finns osparade ändringar. Lämna ändå?'));
    return () => {
      window.removeEventListener('beforeunload', onUnload);
      setNavigationGuard(null);
    };
  }, [dirty]);

  useEffect(() => {
    document.title = `${doc.name ?? definitionId}${meta ? ` v${meta.version}` : ''}${dirty ? ' (ändrad)' : ''} – Processdesigner`;
  }, [doc.name, definitionId, meta, dirty]);

  // ---- Keyboard focus follows the current activity. Large flowcharts draw only what is in view, so the
  // view moves to the activity first and focus follows once it is drawn.
  useEffect(() => {
    if (!focusTick || !currentId) return;
    let frame = 0;
    let tries = 0;
    const a = byId.get(currentId);
    const p = a && positionOf(a);
    if (p && canvasRef.current) {
      const { x, y, zoom } = flow.getViewport();
      const rect = canvasRef.current.getBoundingClientRect();
      const sx = p.x * zoom + x;
      const sy = p.y * zoom + y;
      if (sx < 0 || sy < 0 || sx + NODE_WIDTH * zoom > rect.width || sy + 60 * zoom > rect.height)
        void flow.setCenter(p.x + NODE_WIDTH / 2, p.y + 40, { zoom, duration: large ? 0 : 150 });
    }
    const focus = () => {
      const el = canvasRef.current?.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(currentId)}"]`);
      if (el) el.focus({ preventScroll: true });
      else if (tries++ < 30) frame = requestAnimationFrame(focus);
    };
    frame = requestAnimationFrame(focus);
    return () => cancelAnimationFrame(frame);
  }, [focusTick]); // eslint-disable-line react-hooks/exhaustive-deps

  const selectNode = useCallback(
    (id: string | null, options: { focus?: boolean; add?: boolean; silent?: boolean } = {}) => {
      setSelection((s) => ({ nodes: id ? new Set(options.add ? [...s.nodes, id] : [id]) : new Set(), edges: new Set() }));
      setCurrent(id);
      if (id && options.focus !== false) setFocusTick((t) => t + 1);
      if (id && !options.silent) {
        const a = byId.get(id);
        const ports = a ? portsOf(a, map.get(a.type), used.get(id)) : [];
        const problems = errorsByActivity.get(id)?.length ?? 0;
        announce(
          `${label(id)}, ${a?.type ?? ''}. ${ports.length ? `Utgångar: ${ports.join(', ')}.` : 'Inga utgångar.'}${problems ? ` ${problems} problem.` : ''}`,
        );
      }
    },
    [announce, byId, errorsByActivity, label, map, used],
  );

  // ---- Editing operations (all undoable).
  const addActivity = useCallback(
    (descriptor: ActivityDescriptor, at?: Position) => {
      let position = at;
      if (!position) {
        const from = currentId ? byId.get(currentId) : undefined;
        const fp = from && positionOf(from);
        if (fp) position = { x: fp.x + NODE_WIDTH + 80, y: fp.y };
        else {
          const rect = canvasRef.current?.getBoundingClientRect();
          const centre = rect ? flow.screenToFlowPosition({ x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 }) : { x: 0, y: 0 };
          position = { x: centre.x - NODE_WIDTH / 2, y: centre.y - 40 };
        }
        position = freeSpot(position, activities, map, used);
      }
      const activity = createActivity(descriptor, position, activities);
      history.change((d) => withActivities(d, [...activitiesOf(d), activity]));
      setCurrent(activity.id);
      setSelection({ nodes: new Set([activity.id]), edges: new Set() });
      setFocusTick((t) => t + 1);
      setTab('properties');
      say(`La till ${descriptor.displayName} (${activity.id}). Tryck K för att koppla från den, eller välj en annan aktivitet och koppla till den.`);
    },
    [activities, byId, currentId, flow, history, map, say, used],
  );

  const deleteSelection = useCallback(() => {
    const { nodes: ids, edges: edgeSel } = liveSelection;
    if (ids.size === 0 && edgeSel.size === 0) return;
    history.change((d) => removeActivities(d, ids, edgeSel));
    setSelection(emptySelection);
    setCurrent(null);
    say(
      `Tog bort ${ids.size ? `${ids.size} ${ids.size === 1 ? 'aktivitet' : 'aktiviteter'}` : ''}${ids.size && edgeSel.size ? ' och ' : ''}${edgeSel.size ? `${edgeSel.size} ${edgeSel.size === 1 ? 'koppling' : 'kopplingar'}` : ''}. Ctrl+Z ångrar.`,
    );
    canvasRef.current?.focus();
  }, [history, liveSelection, say]);

  const copySelection = useCallback(
    (cut = false) => {
      const ids = liveSelection.nodes;
      if (ids.size === 0) return;
      const copied = activities.filter((a) => ids.has(a.id));
      const copiedConnections = connections.filter((c) => ids.has(c.source.activity) && ids.has(c.target.activity));
      const payload = JSON.stringify({ kind: clipboardKey, activities: copied, connections: copiedConnections });
      try {
        localStorage.setItem(clipboardKey, payload);
      } catch {
        // Storage may be unavailable; the copy then lives only in this page.
      }
      clipboard = payload;
      void navigator.clipboard?.writeText(payload).catch(() => undefined);
      pasteCount.current = 0;
      if (cut) {
        history.change((d) => removeActivities(d, ids));
        setSelection(emptySelection);
        setCurrent(null);
      }
      say(`${cut ? 'Klippte ut' : 'Kopierade'} ${copied.length} ${copied.length === 1 ? 'aktivitet' : 'aktiviteter'}. Ctrl+V klistrar in.`);
    },
    [activities, connections, history, liveSelection, say],
  );

  const paste = useCallback(() => {
    let text = clipboard;
    try {
      text = localStorage.getItem(clipboardKey) ?? text;
    } catch {
      // Use the page's own copy.
    }
    if (!text) return say('Urklippet är tomt: markera aktiviteter och tryck Ctrl+C först.');
    const parsed = JSON.parse(text) as { activities: ActivityJson[]; connections: ConnectionJson[] };
    pasteCount.current++;
    const offset = { x: 40 * pasteCount.current, y: 40 * pasteCount.current };
    const { activities: added, connections: addedConnections } = cloneActivities(parsed.activities, parsed.connections, activities, offset);
    history.change((d) => withGraph(d, [...activitiesOf(d), ...added], [...connectionsOf(d), ...addedConnections]));
    setSelection({ nodes: new Set(added.map((a) => a.id)), edges: new Set() });
    if (added[0]) {
      setCurrent(added[0].id);
      setFocusTick((t) => t + 1);
    }
    say(`Klistrade in ${added.length} ${added.length === 1 ? 'aktivitet' : 'aktiviteter'}.`);
  }, [activities, history, say]);

  const connect = useCallback(
    (source: string, port: string, target: string) => {
      if (source === target) return say('En aktivitet kan inte kopplas till sig själv.', 'error');
      history.change((d) => addConnection(d, source, port, target));
      say(`Kopplade ${label(source)} (${port}) till ${label(target)}.`);
    },
    [history, label, say],
  );

  const moveSelection = useCallback(
    (dx: number, dy: number) => {
      const ids = liveSelection.nodes;
      if (ids.size === 0) return;
      history.change(
        (d) => withActivities(d, activitiesOf(d).map((a) => (ids.has(a.id) ? withPosition(a, { x: (positionOf(a)?.x ?? 0) + dx, y: (positionOf(a)?.y ?? 0) + dy }) : a))),
        { coalesce: 'keyboard-move', layoutOnly: true },
      );
    },
    [history, liveSelection],
  );

  // ---- React Flow events.
  const onNodesChange = useCallback(
    (changes: NodeChange<ActivityFlowNode>[]) => {
      const moved = new Map<string, Position>();
      let select: Map<string, boolean> | null = null;
      for (const change of changes) {
        if (change.type === 'position' && change.position) moved.set(change.id, change.position);
        else if (change.type === 'select') (select ??= new Map()).set(change.id, change.selected);
      }
      if (moved.size)
        history.replace((d) => withActivities(d, activitiesOf(d).map((a) => (moved.has(a.id) ? withPosition(a, moved.get(a.id)!) : a))));
      if (select) {
        const changes = select;
        setSelection((s) => {
          const nodes = new Set(s.nodes);
          for (const [id, on] of changes) {
            if (on) nodes.add(id);
            else nodes.delete(id);
          }
          return { nodes, edges: s.edges };
        });
      }
    },
    [history],
  );

  const onEdgesChange = useCallback((changes: EdgeChange<ConnectionFlowEdge>[]) => {
    const select = changes.filter((c) => c.type === 'select');
    if (!select.length) return;
    setSelection((s) => {
      const edges = new Set(s.edges);
      for (const c of select) {
        if (c.selected) edges.add(c.id);
        else edges.delete(c.id);
      }
      return { nodes: s.nodes, edges };
    });
  }, []);

  const onConnect = useCallback((c: Connection) => {
    if (c.source && c.target && c.sourceHandle) connect(c.source, c.sourceHandle, c.target);
  }, [connect]);

  const onDragStart = useCallback(() => {
    dragStart.current = docRef.current;
  }, []);
  const onDragStop = useCallback(() => {
    if (dragStart.current) history.commitFrom(dragStart.current);
    dragStart.current = null;
  }, [history]);

  // ---- Keyboard.
  const nearest = useCallback(
    (from: string | null, direction: 'left' | 'right' | 'up' | 'down'): string | null => {
      const centre = (a: ActivityJson) => {
        const p = positionOf(a) ?? { x: 0, y: 0 };
        return { x: p.x + NODE_WIDTH / 2, y: p.y + 30 };
      };
      const origin = from ? byId.get(from) : undefined;
      if (!origin) {
        const start = activities.find((a) => a.type === 'Elsa.Start') ?? [...activities].sort((a, b) => (positionOf(a)?.x ?? 0) - (positionOf(b)?.x ?? 0))[0];
        return start?.id ?? null;
      }
      const o = centre(origin);
      let best: string | null = null;
      let bestScore = Infinity;
      for (const a of activities) {
        if (a.id === origin.id) continue;
        const c = centre(a);
        const dx = c.x - o.x;
        const dy = c.y - o.y;
        const primary = direction === 'right' ? dx : direction === 'left' ? -dx : direction === 'down' ? dy : -dy;
        const secondary = direction === 'left' || direction === 'right' ? Math.abs(dy) : Math.abs(dx);
        if (primary <= 1) continue;
        const score = primary + secondary * 2;
        if (score < bestScore) {
          bestScore = score;
          best = a.id;
        }
      }
      return best;
    },
    [activities, byId],
  );

  const openConnect = useCallback(
    (id: string | null) => {
      const a = id ? byId.get(id) : undefined;
      if (!a) return say('Välj först den aktivitet kopplingen ska gå från (piltangenterna eller ett klick).', 'error');
      if (portsOf(a, map.get(a.type), used.get(a.id)).length === 0) return say(`${label(a.id)} har inga utgångar att koppla från.`, 'error');
      setConnectFrom(a.id);
    },
    [byId, label, map, say, used],
  );

  const cycleEdges = useCallback(() => {
    if (!currentId) return;
    const related = connections.map((c, i) => ({ c, id: edgeIds[i] })).filter(({ c }) => c.source.activity === currentId || c.target.activity === currentId);
    if (related.length === 0) return say(`${label(currentId)} har inga kopplingar.`);
    const { c, id } = related[edgeCursor.current++ % related.length];
    setSelection({ nodes: new Set(), edges: new Set([id]) });
    say(`Koppling vald: ${label(c.source.activity)} (${c.source.port ?? 'Done'}) till ${label(c.target.activity)}. Delete tar bort den, E väljer nästa.`);
  }, [connections, currentId, edgeIds, label, say]);

  const onCanvasKeyDown = useCallback(
    (e: React.KeyboardEvent) => {
      if (isTyping(e.target)) return;
      const key = e.key;
      const ctrl = e.ctrlKey || e.metaKey;
      const arrows: Record<string, 'left' | 'right' | 'up' | 'down'> = { ArrowLeft: 'left', ArrowRight: 'right', ArrowUp: 'up', ArrowDown: 'down' };
      let handled = true;
      if (arrows[key] && e.shiftKey && !ctrl) {
        const step = 20;
        const d = arrows[key];
        moveSelection(d === 'left' ? -step : d === 'right' ? step : 0, d === 'up' ? -step : d === 'down' ? step : 0);
      } else if (arrows[key] && e.altKey) {
        const { x, y, zoom } = flow.getViewport();
        const d = arrows[key];
        void flow.setViewport({ x: x + (d === 'left' ? 100 : d === 'right' ? -100 : 0), y: y + (d === 'up' ? 100 : d === 'down' ? -100 : 0), zoom });
      } else if (arrows[key] && !ctrl) {
        const next = nearest(currentId, arrows[key]);
        if (next) selectNode(next);
        else announce('Ingen aktivitet åt det hållet.');
      } else if (ctrl && key.toLowerCase() === 'a') {
        setSelection({ nodes: new Set(activities.map((a) => a.id)), edges: new Set() });
        announce(`Alla ${activities.length} aktiviteter markerade.`);
      } else if (ctrl && key.toLowerCase() === 'c') copySelection();
      else if (ctrl && key.toLowerCase() === 'x') copySelection(true);
      else if (ctrl && key.toLowerCase() === 'v') paste();
      else if (ctrl) handled = false;
      else if (key === 'Delete' || key === 'Backspace') deleteSelection();
      else if (key === 'k' || key === 'K') openConnect(currentId);
      else if (key === 'e' || key === 'E') cycleEdges();
      else if (key === '+' || key === '=') void flow.zoomIn({ duration: 150 });
      else if (key === '-') void flow.zoomOut({ duration: 150 });
      else if (key === '0') void flow.fitView({ duration: 200, padding: 0.1 });
      else if (key === 'Enter' && currentId) {
        setTab('properties');
        setFocusInput({ activityId: currentId });
      } else if (key === 'Escape') {
        setSelection(emptySelection);
        announce('Markeringen borttagen.');
      } else if (key === 'a' || key === 'A' || key === '/') searchRef.current?.focus();
      else if (key === '?') setShowHelp(true);
      else handled = false;
      if (handled) {
        e.preventDefault();
        e.stopPropagation();
      }
    },
    [activities, announce, copySelection, currentId, cycleEdges, deleteSelection, flow, moveSelection, nearest, openConnect, paste, selectNode],
  );

  // ---- Saving, publishing, retracting, exporting.
  const refreshVersions = useCallback(async () => {
    try {
      const list = await api.versions(definitionId);
      setVersions(list);
      return list;
    } catch {
      return null;
    }
  }, [definitionId]);

  const save = useCallback(async () => {
    const sent = docRef.current;
    setBusy('save');
    try {
      const saved = await api.saveDraft(sent);
      setSavedDoc(sent);
      setErrors(saved.errors);
      setMeta(saved.definition);
      window.history.replaceState(null, '', href(`/definitions/${encodeURIComponent(definitionId)}?version=${saved.definition.version}`));
      await refreshVersions();
      say(
        `Sparat som utkast, version ${saved.definition.version}.${saved.errors.length ? ` ${saved.errors.length} problem återstår innan den kan publiceras.` : ' Inga problem: redo att publiceras.'}`,
      );
      return saved;
    } catch (e) {
      say(`Kunde inte spara: ${errorText(e)}`, 'error');
      if (e instanceof ApiError && e.validationErrors.length) setErrors(e.validationErrors);
      return null;
    } finally {
      setBusy(null);
    }
  }, [definitionId, refreshVersions, say]);

  const refusePublish = useCallback(
    (count: number) => {
      say(`Publiceringen nekades: ${count} ${count === 1 ? 'problem' : 'problem'} måste rättas först. Se listan Problem.`, 'error');
      problemsRef.current?.focus();
    },
    [say],
  );

  const publish = useCallback(async () => {
    if (errors.length > 0) return refusePublish(errors.length);
    if (!dirty && meta?.isPublished) return say(`Version ${meta.version} är redan publicerad. Ändra något för att göra en ny version.`);
    if (dirty || !meta) {
      const saved = await save();
      if (!saved) return;
      if (saved.errors.length) return refusePublish(saved.errors.length);
    }
    setBusy('publish');
    try {
      const published = await api.publish(definitionId);
      setMeta(published);
      await refreshVersions();
      say(`Version ${published.version} är publicerad. Nya instanser startar på den.`);
    } catch (e) {
      if (e instanceof ApiError && e.validationErrors.length) {
        setErrors(e.validationErrors);
        refusePublish(e.validationErrors.length);
      } else say(`Kunde inte publicera: ${errorText(e)}`, 'error');
    } finally {
      setBusy(null);
    }
  }, [definitionId, dirty, errors.length, meta, refreshVersions, refusePublish, save, say]);

  const retract = useCallback(async () => {
    if (!meta?.isPublished) return;
    if (!window.confirm(`Dra tillbaka version ${meta.version}? Nya instanser startar inte på den; pågående fortsätter.`)) return;
    try {
      const r = await api.retract(definitionId, meta.version);
      setMeta(r);
      await refreshVersions();
      say(`Version ${r.version} är indragen.`);
    } catch (e) {
      say(`Kunde inte dra tillbaka: ${errorText(e)}`, 'error');
    }
  }, [definitionId, meta, refreshVersions, say]);

  const exportCurrent = useCallback(async () => {
    try {
      if (!dirty && meta) {
        const name = await downloadExport(definitionId, meta.version);
        say(`Version ${meta.version} exporterad som ${name}.`);
        return;
      }
      // Unsaved changes are exported as they stand in the designer.
      const name = `${definitionId}-osparad.json`;
      saveFile(name, new Blob([JSON.stringify(docRef.current, null, 2)], { type: 'application/json' }));
      say(`De osparade ändringarna exporterade som ${name}.`);
    } catch (e) {
      say(`Exporten misslyckades: ${errorText(e)}`, 'error');
    }
  }, [definitionId, dirty, meta, say]);

  const relayout = useCallback(async () => {
    const arranged = await autoLayout(docRef.current, map, true);
    history.change(() => arranged, { layoutOnly: true });
    requestAnimationFrame(() => void flow.fitView({ duration: 200, padding: 0.1 }));
    say('Aktiviteterna är omplacerade automatiskt. Ctrl+Z ångrar.');
  }, [flow, history, map, say]);

  // Shortcuts that work anywhere on the page (not while typing in a field).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const ctrl = e.ctrlKey || e.metaKey;
      if (!ctrl) return;
      const k = e.key.toLowerCase();
      if (k === 's') {
        e.preventDefault();
        void save();
        return;
      }
      if (isTyping(e.target)) return;
      if (k === 'z' && !e.shiftKey) {
        e.preventDefault();
        history.undo();
        announce('Ångrade.');
      } else if ((k === 'z' && e.shiftKey) || k === 'y') {
        e.preventDefault();
        history.redo();
        announce('Gjorde om.');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [announce, history, save]);

  // ---- Problems: clicking one selects its activity and input.
  const goToProblem = useCallback(
    (e: ValidationError) => {
      if (!e.activityId || !byId.has(e.activityId)) return announce('Problemet gäller hela arbetsflödet.');
      const a = byId.get(e.activityId)!;
      setSelection({ nodes: new Set([a.id]), edges: new Set() });
      setCurrent(a.id);
      setTab('properties');
      setFocusInput({ activityId: a.id, input: e.input });
      const p = positionOf(a);
      if (p) void flow.setCenter(p.x + NODE_WIDTH / 2, p.y + 40, { zoom: Math.max(flow.getZoom(), 0.8), duration: 200 });
    },
    [announce, byId, flow],
  );

  useEffect(() => {
    if (!focusInput) return;
    const frame = requestAnimationFrame(() => {
      const target =
        (focusInput.input && document.getElementById(fieldIdFor(focusInput.activityId, focusInput.input))) ||
        document.getElementById('properties-heading');
      if (target) {
        target.focus();
        target.scrollIntoView({ block: 'nearest' });
      }
      setFocusInput(null);
    });
    return () => cancelAnimationFrame(frame);
  }, [focusInput]);

  const selected = liveSelection.nodes.size === 1 ? byId.get([...liveSelection.nodes][0]) : undefined;
  const connectSource = connectFrom ? byId.get(connectFrom) : undefined;
  const previous = meta ? versions.filter((v) => v.version < meta.version).at(-1) : undefined;
  const draft = versions.find((v) => !v.isPublished && !v.publishedAt);
  const editingOld = meta && (meta.isPublished || meta.publishedAt) ? (draft ? `Sparar du ersätts utkastet (version ${draft.version}).` : `Sparar du blir ändringarna ett nytt utkast (version ${Math.max(...versions.map((v) => v.version), meta.version) + 1}).`) : null;

  return (
    <main id="main" className="designer" aria-labelledby="designer-title">
      <div className="designer-header">
        <div className="designer-title">
          <h1 id="designer-title">
            {doc.name ?? definitionId}
            <span className="muted"> · {definitionId}</span>
          </h1>
          <div className="version-row">
            <label htmlFor="version-select">Version</label>
            <select
              id="version-select"
              value={meta?.version ?? ''}
              onChange={(e) => {
                if (dirty && !window.confirm('Det finns osparade ändringar. Byta version ändå?')) return;
                setNavigationGuard(null);
                navigate(`/definitions/${encodeURIComponent(definitionId)}?version=${e.target.value}`);
              }}
            >
              {versions.map((v) => (
                <option key={v.version} value={v.version}>
                  {v.version} – {versionLabel(v)}
                </option>
              ))}
            </select>
            {meta && <span className={`badge badge-${meta.isPublished ? 'published' : meta.publishedAt ? 'retracted' : 'draft'}`}>{versionLabel(meta)}</span>}
            {dirty && <span className="badge badge-dirty">Osparade ändringar</span>}
            {dirty && editingOld && <span className="muted small">{editingOld}</span>}
          </div>
        </div>
        <div className="toolbar" role="toolbar" aria-label="Arbetsflöde">
          <button type="button" onClick={() => history.undo()} disabled={!history.canUndo} aria-keyshortcuts="Control+Z">
            Ångra
          </button>
          <button type="button" onClick={() => history.redo()} disabled={!history.canRedo} aria-keyshortcuts="Control+Y">
            Gör om
          </button>
          <button type="button" onClick={() => void relayout()}>
            Autolayout
          </button>
          <button type="button" onClick={() => void save()} disabled={busy !== null} aria-keyshortcuts="Control+S">
            Spara utkast
          </button>
          <button type="button" className="primary" onClick={() => void publish()} disabled={busy !== null} aria-describedby="publish-state">
            Publicera
          </button>
          <span id="publish-state" className="visually-hidden">
            {errors.length ? `${errors.length} problem hindrar publicering.` : 'Inga kända problem.'}
          </span>
          {meta?.isPublished && !dirty && (
            <button type="button" onClick={() => void retract()}>
              Dra tillbaka
            </button>
          )}
          <button type="button" onClick={() => void exportCurrent()}>
            Exportera
          </button>
          {previous && meta && (
            <Link className="button" to={`/definitions/${encodeURIComponent(definitionId)}/compare?from=${previous.version}&to=${meta.version}`}>
              Jämför med v{previous.version}
            </Link>
          )}
          <button type="button" onClick={() => setShowHelp(true)} aria-keyshortcuts="?">
            Kortkommandon
          </button>
        </div>
      </div>
      <div className={`message ${message?.tone === 'error' ? 'message-error' : ''}`} role={message?.tone === 'error' ? 'alert' : 'status'}>
        {message?.text}
      </div>
      <div className="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="announcer">
        {announcement}
      </div>

      <div className="designer-body">
        <Palette ref={searchRef} descriptors={descriptors} onAdd={(d) => addActivity(d)} />
        <div className="designer-centre">
          <div
            className="canvas"
            ref={canvasRef}
            tabIndex={0}
            role="region"
            aria-label="Ritytan: arbetsflödets aktiviteter och kopplingar"
            aria-describedby="canvas-help"
            aria-keyshortcuts="ArrowLeft ArrowRight ArrowUp ArrowDown K E Delete Control+C Control+V Control+Z"
            data-ready={validated ? 'true' : 'false'}
            onKeyDown={onCanvasKeyDown}
            onDragOver={(e) => {
              if (e.dataTransfer.types.includes(activityDragType)) {
                e.preventDefault();
                e.dataTransfer.dropEffect = 'copy';
              }
            }}
            onDrop={(e) => {
              const type = e.dataTransfer.getData(activityDragType);
              const d = type && map.get(type);
              if (!d) return;
              e.preventDefault();
              const p = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
              addActivity(d, { x: p.x - NODE_WIDTH / 2, y: p.y - 20 });
            }}
          >
            <p id="canvas-help" className="visually-hidden">
              Piltangenterna väljer närmaste aktivitet åt det hållet. Skift+pil flyttar den. K skapar en koppling, E väljer kopplingar, Delete tar bort, Enter öppnar
              egenskaperna, plus och minus zoomar, 0 visar allt, Alt+pil panorerar. Frågetecken visar alla kortkommandon.
            </p>
            <ReactFlow<ActivityFlowNode, ConnectionFlowEdge>
              aria-label="Flödesschema"
              nodes={nodes}
              edges={edges}
              nodeTypes={nodeTypes}
              onNodesChange={onNodesChange}
              onEdgesChange={onEdgesChange}
              onConnect={onConnect}
              isValidConnection={(c) => c.source !== c.target && c.targetHandle === 'In'}
              onNodeDragStart={onDragStart}
              onNodeDragStop={onDragStop}
              onSelectionDragStart={onDragStart}
              onSelectionDragStop={onDragStop}
              onNodeClick={(_, n) => {
                setCurrent(n.id);
                setTab('properties');
              }}
              onPaneClick={() => setCurrent(null)}
              deleteKeyCode={null}
              disableKeyboardA11y
              nodesFocusable={false}
              edgesFocusable={false}
              fitView
              fitViewOptions={initialView}
              onlyRenderVisibleElements={large}
              minZoom={0.01}
              maxZoom={2}
              ariaLabelConfig={swedishFlowLabels}
              proOptions={{ hideAttribution: true }}
            >
              <Background gap={24} />
              <MiniMap pannable zoomable ariaLabel="Översiktskarta över arbetsflödet" nodeColor={(n) => (n.data.errorCount ? '#b3261e' : '#5a6b85')} />
              <ZoomButtons />
            </ReactFlow>
          </div>
          <ProblemsList
            ref={problemsRef}
            errors={errors}
            label={label}
            inputLabel={(id, input) => map.get(byId.get(id)?.type ?? '')?.inputs.find((i) => i.name === input)?.displayName ?? input}
            onSelect={goToProblem}
            validated={validated}
          />
        </div>
        <aside className="side-panel" aria-label="Egenskaper">
          <div role="tablist" aria-label="Sidopanel" className="tabs" onKeyDown={(e) => tabKeys(e, tab, setTab)}>
            {(
              [
                ['properties', 'Egenskaper'],
                ['variables', 'Variabler'],
                ['workflow', 'Arbetsflöde'],
              ] as [Tab, string][]
            ).map(([t, text]) => (
              <button
                key={t}
                type="button"
                role="tab"
                id={`tab-${t}`}
                aria-selected={tab === t}
                aria-controls={`panel-${t}`}
                tabIndex={tab === t ? 0 : -1}
                onClick={() => setTab(t)}
              >
                {text}
              </button>
            ))}
          </div>
          <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="tab-panel">
            {tab === 'properties' &&
              (selected ? (
                <PropertiesPanel
                  key={selected.id}
                  activity={selected}
                  descriptor={map.get(selected.type)}
                  errors={errorsByActivity.get(selected.id) ?? []}
                  variables={doc.variables ?? []}
                  connections={connections}
                  ports={portsOf(selected, map.get(selected.type), used.get(selected.id))}
                  label={label}
                  fieldId={(input) => fieldIdFor(selected.id, input)}
                  onChange={(update, coalesce) => history.change((d) => updateActivity(d, selected.id, update), { coalesce })}
                  onConnect={() => openConnect(selected.id)}
                  onRemoveConnection={(c) => history.change((d) => withConnections(d, connectionsOf(d).filter((x) => x !== c)))}
                />
              ) : (
                <div className="empty-panel">
                  <h2 id="properties-heading" tabIndex={-1} className="panel-heading">
                    Egenskaper
                  </h2>
                  <p>
                    {liveSelection.nodes.size > 1
                      ? `${liveSelection.nodes.size} aktiviteter är markerade.`
                      : 'Välj en aktivitet (klicka, eller fokusera ritytan och använd piltangenterna) för att se och ändra dess indata.'}
                  </p>
                </div>
              ))}
            {tab === 'variables' && (
              <VariablesPanel variables={doc.variables ?? []} onChange={(variables, coalesce) => history.change((d) => ({ ...d, variables }), { coalesce })} />
            )}
            {tab === 'workflow' && <WorkflowPanel doc={doc} meta={meta} onChange={(update, coalesce) => history.change(update, { coalesce })} />}
          </div>
        </aside>
      </div>

      {connectSource && (
        <ConnectDialog
          sourceLabel={label(connectSource.id)}
          ports={portsOf(connectSource, map.get(connectSource.type), used.get(connectSource.id)).map((p) => ({
            name: p,
            connectedTo: connections.filter((c) => c.source.activity === connectSource.id && (c.source.port ?? 'Done') === p).map((c) => label(c.target.activity)),
          }))}
          targets={activities
            .filter((a) => a.id !== connectSource.id && a.type !== 'Elsa.Start')
            .map((a) => ({ id: a.id, label: label(a.id), typeName: a.type }))}
          onActiveTarget={setConnectTarget}
          onCancel={() => {
            setConnectFrom(null);
            selectNode(connectSource.id);
          }}
          onConnect={(port, target) => {
            connect(connectSource.id, port, target);
            setConnectFrom(null);
            selectNode(connectSource.id, { focus: true, silent: true });
          }}
        />
      )}
      {showHelp && <ShortcutsHelp onClose={() => setShowHelp(false)} />}
    </main>
  );
}

let clipboard: string | null = null;

/** More activities than this open at their start rather than all at once. */
const largeFlowchart = 60;

/** The start activity and the ones drawn nearest to it: the first screenful of a large flowchart. */
function nearStart(activities: ActivityJson[]): string[] {
  const start = activities.find((a) => a.type === 'Elsa.Start') ?? activities[0];
  const origin = (start && positionOf(start)) ?? { x: 0, y: 0 };
  return activities
    .map((a) => {
      const p = positionOf(a) ?? origin;
      return { id: a.id, d: Math.abs(p.x - origin.x) + 2 * Math.abs(p.y - origin.y) };
    })
    .sort((a, b) => a.d - b.d)
    .slice(0, 8)
    .map((a) => a.id);
}

export function fieldIdFor(activityId: string, input: string): string {
  return `input-${activityId}-${input}`.replace(/[^\w-]/g, '_');
}

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName);
}

function tabKeys(e: React.KeyboardEvent, tab: Tab, setTab: (t: Tab) => void) {
  const tabs: Tab[] = ['properties', 'variables', 'workflow'];
  const i = tabs.indexOf(tab);
  let next: Tab | null = null;
  if (e.key === 'ArrowRight') next = tabs[(i + 1) % tabs.length];
  else if (e.key === 'ArrowLeft') next = tabs[(i + tabs.length - 1) % tabs.length];
  else if (e.key === 'Home') next = tabs[0];
  else if (e.key === 'End') next = tabs[tabs.length - 1];
  if (!next) return;
  e.preventDefault();
  setTab(next);
  requestAnimationFrame(() => document.getElementById(`tab-${next}`)?.focus());
}

/** A place near `p` that no activity occupies, moving down in steps. */
function freeSpot(p: Position, activities: ActivityJson[], map: ReturnType<typeof descriptorMap>, used: Map<string, Set<string>>): Position {
  const boxes = activities.map((a) => {
    const q = positionOf(a) ?? { x: 0, y: 0 };
    return { x: q.x, y: q.y, h: nodeHeight(portsOf(a, map.get(a.type), used.get(a.id)).length) };
  });
  const spot = { ...p };
  for (let i = 0; i < 50 && boxes.some((b) => spot.x < b.x + NODE_WIDTH + 20 && b.x < spot.x + NODE_WIDTH + 20 && spot.y < b.y + b.h + 20 && b.y < spot.y + 100); i++) spot.y += 60;
  return spot;
}
