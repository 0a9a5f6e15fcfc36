import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client';
import { keys } from '../api/queries';
import type { ActivityDescriptor, DefinitionJson, DefinitionSummary } from '../api/types';
import { PageLoadStatus, pageLoad } from '../components/PageLoad';
import { ReadOnlyFlow } from '../flow/ReadOnlyFlow';
import { descriptorMap, outgoingPorts, portsOf, versionComment, versionLabel } from '../model/definition';
import { compareDefinitions, type Change, type ChangeKind } from '../model/diff';
import { buildEdge, buildNode, edgeMarkText, nodeMarkText, type ActivityFlowNode, type ConnectionFlowEdge } from '../model/graph';
import { laidOut } from '../model/layout';
import { startActivity } from '../model/navigation';
import { obstaclesOf } from '../model/placement';
import { readableView, type Viewport } from '../model/viewport';
import '../components/Workspace.css';
import './ComparePage.css';

interface Loaded {
  from: DefinitionJson;
  to: DefinitionJson;
  descriptors: ActivityDescriptor[];
  versions: DefinitionSummary[];
}

/** /definitions/:definitionId/compare?from=a&to=b: two versions in one graph, with a key, a list, and next/previous. */
export default function ComparePage() {
  const { definitionId = '' } = useParams();
  const [params] = useSearchParams();
  const from = params.get('from');
  const to = params.get('to');
  const client = useQueryClient();
  const open = useQuery({
    queryKey: ['compare-open', definitionId, from, to],
    queryFn: async (): Promise<Loaded> => {
      const [descriptors, versions] = await Promise.all([
        client.fetchQuery({ queryKey: keys.descriptors, queryFn: api.descriptors, staleTime: Infinity }),
        api.versions(definitionId),
      ]);
      const newest = versions[versions.length - 1]?.version ?? 1;
      const toVersion = to ? +to : newest;
      const fromVersion = from ? +from : (versions.filter((v) => v.version < toVersion).at(-1)?.version ?? toVersion);
      const map = descriptorMap(descriptors);
      const [a, b] = await Promise.all([
        api.definition(definitionId, fromVersion).then((d) => laidOut(d, map)),
        api.definition(definitionId, toVersion).then((d) => laidOut(d, map)),
      ]);
      performance.mark('designer:data');
      return { from: a, to: b, descriptors, versions };
    },
    staleTime: Infinity,
    gcTime: 0,
  });
  useEffect(() => {
    document.title = `Jämför versioner av ${definitionId} – Processdesigner`;
  }, [definitionId]);

  const state = pageLoad(open);
  if (state || !open.data)
    return <PageLoadStatus state={state ?? { status: 'loading' }} loading="Hämtar versionerna…" failed="Kunde inte jämföra versionerna" back={{ to: '/', text: 'Till arbetsflödena' }} />;
  return (
    <ReactFlowProvider>
      <CompareView key={`${from}-${to}`} definitionId={definitionId} {...open.data} />
    </ReactFlowProvider>
  );
}

const kindText: Record<ChangeKind, string> = { added: 'Tillagt', removed: 'Borttaget', changed: 'Ändrat' };
const miniMapColours: Record<string, string> = { added: '#0b6b2f', removed: '#b3261e', changed: '#8a5a00' };

function CompareView({ definitionId, from, to, descriptors, versions }: { definitionId: string } & Loaded) {
  const flow = useReactFlow<ActivityFlowNode, ConnectionFlowEdge>();
  const navigate = useNavigate();
  const canvasRef = useRef<HTMLDivElement>(null);
  const map = useMemo(() => descriptorMap(descriptors), [descriptors]);
  const comparison = useMemo(() => compareDefinitions(from, to, map), [from, to, map]);
  const [index, setIndex] = useState<number | null>(null);
  const listRef = useRef<HTMLOListElement>(null);
  const fromVersion = from.version ?? 0;
  const toVersion = to.version ?? 0;
  const { changes } = comparison;
  const active: Change | null = index === null ? null : changes[index] ?? null;

  const nodes = useMemo(() => {
    const used = outgoingPorts(comparison.connections);
    return comparison.activities.map((a) => {
      const mark = comparison.nodeMarks.get(a.id);
      const change = changes.find((c) => c.subject === 'activity' && c.activityId === a.id);
      return buildNode(a, map.get(a.type), map, {
        ports: portsOf(a, map.get(a.type), used.get(a.id)),
        mark,
        highlight: active?.activityId === a.id && active.subject === 'activity',
        changeDetail: change?.details.join('; '),
        draggable: false,
        focusable: false,
      });
    });
  }, [comparison, changes, map, active]);

  const edges = useMemo(
    () =>
      comparison.connections.map((c, i) => {
        const id = comparison.edgeIds[i];
        return buildEdge(id, c, comparison.label, { mark: comparison.edgeMarks.get(id), highlight: active?.edgeId === id });
      }),
    [comparison, active],
  );

  const show = useCallback(
    (i: number) => {
      if (changes.length === 0) return;
      const next = (i + changes.length) % changes.length;
      setIndex(next);
      const change = changes[next];
      const ids = new Set<string>();
      if (change.activityId) ids.add(change.activityId);
      if (change.edgeId) {
        const c = comparison.connections[comparison.edgeIds.indexOf(change.edgeId)];
        if (c) {
          ids.add(c.source.activity);
          ids.add(c.target.activity);
        }
      }
      if (ids.size) void flow.fitView({ nodes: [...ids].map((id) => ({ id })), duration: 250, padding: 0.4, maxZoom: 1.1 });
      requestAnimationFrame(() => listRef.current?.querySelector<HTMLElement>(`[data-change-index="${next}"]`)?.scrollIntoView({ block: 'nearest' }));
    },
    [changes, comparison, flow],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement;
      if (['INPUT', 'SELECT', 'TEXTAREA'].includes(t.tagName) || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === 'n' || e.key === 'j') show(index === null ? 0 : index + 1);
      else if (e.key === 'p' || e.key === 'k') show(index === null ? changes.length - 1 : index - 1);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [changes.length, index, show]);

  const counts = {
    added: changes.filter((c) => c.kind === 'added').length,
    removed: changes.filter((c) => c.kind === 'removed').length,
    changed: changes.filter((c) => c.kind === 'changed').length,
  };
  const activityCount = (kind: ChangeKind) => changes.filter((c) => c.kind === kind && c.subject === 'activity').length;
  const connectionCount = (kind: ChangeKind) => changes.filter((c) => c.kind === kind && c.subject === 'connection').length;
  const groups: [string, Change[]][] = [
    ['Arbetsflödet', changes.filter((c) => c.subject === 'workflow')],
    ['Aktiviteter', changes.filter((c) => c.subject === 'activity')],
    ['Kopplingar', changes.filter((c) => c.subject === 'connection')],
  ];

  const versionOptions = versions.map((v) => (
    <option key={v.version} value={v.version}>
      {v.version} – {versionLabel(v)}
    </option>
  ));
  // Readable at the start (model/viewport.ts), measured before the first paint.
  const [viewport, setViewport] = useState<Viewport | null>(null);
  useLayoutEffect(() => {
    const rect = canvasRef.current?.getBoundingClientRect();
    const { boxes } = obstaclesOf(comparison.activities, [], map);
    const start = startActivity(comparison.activities);
    setViewport(readableView(boxes, start ? boxes[comparison.activities.indexOf(start)] : null, rect?.width ?? 1000, rect?.height ?? 700));
  }, [comparison, map]);
  const comment = versionComment(to);

  const pick = (which: 'from' | 'to', value: string) =>
    navigate(`/definitions/${encodeURIComponent(definitionId)}/compare?from=${which === 'from' ? value : fromVersion}&to=${which === 'to' ? value : toVersion}`);

  return (
    <main id="main" className="compare" aria-labelledby="compare-title">
      <div className="designer-header">
        <div className="designer-title">
          <h1 id="compare-title">
            Jämförda versioner: {to.name ?? definitionId}
            <span className="muted"> · version {fromVersion} → {toVersion}</span>
          </h1>
          <div className="version-row">
            <label htmlFor="compare-from">Från version</label>
            <select id="compare-from" value={fromVersion} onChange={(e) => pick('from', e.target.value)}>
              {versionOptions}
            </select>
            <label htmlFor="compare-to">till version</label>
            <select id="compare-to" value={toVersion} onChange={(e) => pick('to', e.target.value)}>
              {versionOptions}
            </select>
            <Link to={`/definitions/${encodeURIComponent(definitionId)}?version=${toVersion}`}>Öppna version {toVersion} i designern</Link>
          </div>
          {comment && (
            <p className="version-comment">
              <strong>Kommentar till version {toVersion}:</strong> {comment}
            </p>
          )}
        </div>
        <div className="toolbar" role="toolbar" aria-label="Stega genom ändringarna">
          <button type="button" onClick={() => show(index === null ? changes.length - 1 : index - 1)} disabled={changes.length === 0} aria-keyshortcuts="P">
            ← Föregående ändring
          </button>
          <span className="change-counter" aria-live="polite" data-testid="change-counter">
            {changes.length === 0 ? 'Inga ändringar' : index === null ? `${changes.length} ändringar` : `Ändring ${index + 1} av ${changes.length}`}
          </span>
          <button type="button" className="primary" onClick={() => show(index === null ? 0 : index + 1)} disabled={changes.length === 0} aria-keyshortcuts="N">
            Nästa ändring →
          </button>
        </div>
      </div>

      <div className="compare-body">
        <ReadOnlyFlow
          legend={
            <ul>
              {(['added', 'removed', 'changed'] as const).map((k) => (
                <li key={k} className={`legend-item mark-${k}`}>
                  <span className="legend-swatch" aria-hidden="true">
                    {nodeMarkText[k].symbol}
                  </span>
                  {nodeMarkText[k].label} aktivitet ({activityCount(k)})
                </li>
              ))}
              {(['added', 'removed'] as const).map((k) => (
                <li key={`e-${k}`} className={`legend-item edge-legend-${k}`}>
                  <span className="legend-line" aria-hidden="true">
                    {edgeMarkText[k].symbol}
                  </span>
                  {edgeMarkText[k].label} ({connectionCount(k)})
                </li>
              ))}
              <li className="legend-item">
                <span className="legend-swatch legend-unchanged" aria-hidden="true" />
                Oförändrad
              </li>
            </ul>
          }
          regionLabel={`Graf över version ${toVersion} med ändringarna sedan version ${fromVersion} markerade`}
          flowLabel="Jämförelsegraf"
          nodes={nodes}
          edges={edges}
          canvasRef={canvasRef}
          viewport={viewport}
          ready={viewport !== null}
          onNodeClick={(_, n) => {
            const i = changes.findIndex((c) => c.activityId === n.id && c.subject === 'activity');
            if (i >= 0) show(i);
          }}
          miniMapColour={(n) => miniMapColours[n.data.mark ?? ''] ?? '#8895a7'}
        />
        <aside className="side-panel changes-panel" aria-labelledby="changes-title">
          <h2 id="changes-title" className="panel-heading">
            Ändringar ({changes.length})
          </h2>
          <p className="small">
            {counts.added} tillagda, {counts.removed} borttagna, {counts.changed} ändrade. Tangenterna N och P stegar framåt och bakåt.
          </p>
          {comparison.moved.length > 0 && (
            <p className="small muted">
              {comparison.moved.length} aktiviteter har bara flyttats i ritningen; det räknas inte som ändringar.
            </p>
          )}
          <ol ref={listRef} className="change-list">
            {groups.map(([title, items]) =>
              items.length === 0 ? null : (
                <li key={title} className="change-group">
                  <h3>{title}</h3>
                  <ol>
                    {items.map((c) => {
                      const i = changes.indexOf(c);
                      return (
                        <li key={c.key} className={`change change-${c.kind}${i === index ? ' is-current' : ''}`} data-change-index={i} data-kind={c.kind}>
                          <button type="button" onClick={() => show(i)} aria-current={i === index ? 'step' : undefined}>
                            <span className="change-symbol" aria-hidden="true">
                              {nodeMarkText[c.kind].symbol}
                            </span>
                            <span className="visually-hidden">{kindText[c.kind]}: </span>
                            <span className="change-title">{c.title}</span>
                          </button>
                          {c.details.length > 0 && (
                            <ul className="change-details">
                              {c.details.map((d, j) => (
                                <li key={j}>{d}</li>
                              ))}
                            </ul>
                          )}
                        </li>
                      );
                    })}
                  </ol>
                </li>
              ),
            )}
          </ol>
          {changes.length === 0 && <p>Versionerna har samma innehåll.</p>}
        </aside>
      </div>
    </main>
  );
}

