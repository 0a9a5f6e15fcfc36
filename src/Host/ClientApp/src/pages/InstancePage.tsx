import { useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client';
import { keys } from '../api/queries';
import type { ActivityDescriptor, DefinitionJson, InstanceDetails, JournalEntry } from '../api/types';
import { PageLoadStatus, pageLoad } from '../components/PageLoad';
import { ReadOnlyFlow } from '../flow/ReadOnlyFlow';
import { activitiesOf, connectionIds, connectionsOf, descriptorMap, displayName, formatTime, outgoingPorts, portsOf } from '../model/definition';
import { buildEdge, buildNode, edgeMarkText, nodeMarkText, type ActivityFlowNode, type ConnectionFlowEdge } from '../model/graph';
import { instanceMarks, journalKindText, statusText } from '../model/instance';
import { laidOut } from '../model/layout';
import '../components/Workspace.css';
import './InstancePage.css';

interface Loaded {
  details: InstanceDetails;
  journal: JournalEntry[];
  doc: DefinitionJson;
  descriptors: ActivityDescriptor[];
}

/** /instances/:instanceId: a running (or finished) instance, read-only: where it stands, the path it took, and its journal. */
export default function InstancePage() {
  const { instanceId = '' } = useParams();
  const client = useQueryClient();
  const open = useQuery({
    queryKey: ['instance-open', instanceId],
    queryFn: async (): Promise<Loaded> => {
      const [details, journal, descriptors] = await Promise.all([
        client.fetchQuery({ queryKey: keys.instance(instanceId), queryFn: () => api.instance(instanceId), staleTime: 0 }),
        client.fetchQuery({ queryKey: keys.journal(instanceId), queryFn: () => api.journal(instanceId), staleTime: 0 }),
        client.fetchQuery({ queryKey: keys.descriptors, queryFn: api.descriptors, staleTime: Infinity }),
      ]);
      const doc = await laidOut(await api.definition(details.instance.definitionId, details.instance.version), descriptorMap(descriptors));
      return { details, journal, doc, descriptors };
    },
    gcTime: 0,
  });
  useEffect(() => {
    document.title = `Instans ${instanceId} – Processdesigner`;
  }, [instanceId]);
  const state = pageLoad(open);
  if (state || !open.data)
    return <PageLoadStatus state={state ?? { status: 'loading' }} loading="Hämtar instansen…" failed="Kunde inte öppna instansen" back={{ to: '/instances', text: 'Till instanserna' }} />;
  return (
    <ReactFlowProvider>
      <InstanceView {...open.data} />
    </ReactFlowProvider>
  );
}

function InstanceView({ details, journal, doc, descriptors }: Loaded) {
  const flow = useReactFlow<ActivityFlowNode, ConnectionFlowEdge>();
  const map = useMemo(() => descriptorMap(descriptors), [descriptors]);
  const activities = activitiesOf(doc);
  const connections = connectionsOf(doc);
  const byId = useMemo(() => new Map(activities.map((a) => [a.id, a])), [activities]);
  const label = (id: string) => {
    const a = byId.get(id);
    return a ? displayName(a, map) : id;
  };
  const marks = useMemo(() => instanceMarks(details, journal, connections), [details, journal, connections]);
  const [focused, setFocused] = useState<string | null>(null);
  const i = details.instance;

  const nodes = useMemo(() => {
    const used = outgoingPorts(connections);
    return activities.map((a) =>
      buildNode(a, map.get(a.type), map, { ports: portsOf(a, map.get(a.type), used.get(a.id)), mark: marks.nodeMarks.get(a.id), highlight: focused === a.id, draggable: false }),
    );
  }, [activities, connections, map, marks, focused]);
  const edges = useMemo(() => {
    const ids = connectionIds(connections);
    return connections.map((c, k) => buildEdge(ids[k], c, label, { mark: marks.edgeMarks.get(ids[k]) }));
    // The labels only change with the definition, which never changes here.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [connections, marks]);

  const focus = (activityId: string | null | undefined) => {
    if (!activityId || !byId.has(activityId)) return;
    setFocused(activityId);
    void flow.fitView({ nodes: [{ id: activityId }], duration: 250, maxZoom: 1.1, padding: 0.6 });
  };

  return (
    <main id="main" className="instance" aria-labelledby="instance-title">
      <div className="designer-header">
        <div className="designer-title">
          <h1 id="instance-title">
            Instans av {doc.name ?? i.definitionId} <span className="muted">(version {i.version}, skrivskyddad)</span>
          </h1>
          <p className="version-row">
            <span className={`badge badge-status-${i.subStatus.toLowerCase()}`}>
              {statusText[i.status] ?? i.status} · {statusText[i.subStatus] ?? i.subStatus}
            </span>
            {i.correlationId && <span>Ärende: {i.correlationId}</span>}
            <span className="muted">Startad {formatTime(i.createdAt)}</span>
            {i.finishedAt && <span className="muted">Avslutad {formatTime(i.finishedAt)}</span>}
            <span className="muted small">Id {i.id}</span>
          </p>
        </div>
        <div className="toolbar">
          <Link className="button" to={`/definitions/${encodeURIComponent(i.definitionId)}?version=${i.version}`}>
            Öppna version {i.version} i designern
          </Link>
        </div>
      </div>
      <div className="compare-body">
        <ReadOnlyFlow
          legend={
            <>
              <ul>
                {(['current', 'visited', 'faulted'] as const).map((k) => (
                  <li key={k} className={`legend-item mark-${k}`}>
                    <span className="legend-swatch" aria-hidden="true">
                      {nodeMarkText[k].symbol}
                    </span>
                    {nodeMarkText[k].label}
                  </li>
                ))}
                <li className="legend-item edge-legend-taken">
                  <span className="legend-line" aria-hidden="true">
                    {edgeMarkText.taken.symbol}
                  </span>
                  {edgeMarkText.taken.label}
                </li>
              </ul>
              <p className="small">
                {marks.current.length
                  ? `Väntar vid: ${marks.current.map(label).join(', ')}.`
                  : i.status === 'Finished'
                    ? 'Instansen är avslutad.'
                    : 'Instansen väntar inte vid något steg.'}
              </p>
            </>
          }
          regionLabel="Arbetsflödet med instansens väg markerad"
          flowLabel="Instansens flödesschema"
          nodes={nodes}
          edges={edges}
        />
        <aside className="side-panel journal-panel" aria-labelledby="journal-title">
          <h2 id="journal-title" className="panel-heading">
            Journal ({journal.length})
          </h2>
          {details.incidents.length > 0 && (
            <section aria-labelledby="incidents-title">
              <h3 id="incidents-title">Fel</h3>
              <ul>
                {details.incidents.map((x) => (
                  <li key={x.id}>
                    <button type="button" className="link-button" onClick={() => focus(x.activityId)}>
                      {label(x.activityId)}
                    </button>
                    : {x.message} {x.resolvedAt ? `(åtgärdat ${formatTime(x.resolvedAt)})` : ''}
                  </li>
                ))}
              </ul>
            </section>
          )}
          <ol className="journal">
            {journal.map((e) => (
              <li key={e.sequence} className={`journal-entry kind-${e.kind}`}>
                <div className="journal-meta">
                  <time dateTime={e.timestamp}>{formatTime(e.timestamp)}</time> · {journalKindText[e.kind] ?? e.kind}
                </div>
                {e.activityId && (
                  <button type="button" className="link-button" onClick={() => focus(e.activityId)}>
                    {label(e.activityId)}
                  </button>
                )}
                {e.outcome && <span> → {e.outcome}</span>}
                {e.actor && <span className="muted"> · {e.actor}</span>}
                {e.message && <div className="small">{e.message}</div>}
              </li>
            ))}
          </ol>
        </aside>
      </div>
    </main>
  );
}
