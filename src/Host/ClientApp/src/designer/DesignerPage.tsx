import { useCallback, useEffect, useRef, useState } from 'react';
import { useLocation, useParams, useSearchParams } from 'react-router-dom';
import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from '../api/client';
import { keys } from '../api/queries';
import type { ActivityDescriptor, DefinitionSummary } from '../api/types';
import { PageLoadStatus, pageLoad } from '../components/PageLoad';
import { takeFlash } from '../flash';
import { descriptorMap } from '../model/definition';
import { laidOut } from '../model/layout';
import { Canvas } from './canvas/Canvas';
import { DesignerContext, useDesigner, useDesignerStore } from './context';
import { DesignerDialogs } from './dialogs/DesignerDialogs';
import { DesignerHeader } from './DesignerHeader';
import { useGlobalShortcuts } from './keyboard/useGlobalShortcuts';
import { Palette } from './palette/Palette';
import { SidePanel } from './panels/SidePanel';
import { ProblemsList } from './problems/ProblemsList';
import { createDesignerStore, labelOf, type DesignerData } from './store';
import { useDocumentActions, useUnsavedGuard, useValidation } from './useDocumentActions';
import '../components/Workspace.css';
import './DesignerPage.css';

/** /definitions/:definitionId?version=n. Saving puts the new version in the address without opening the page again. */
export function DesignerRoute() {
  const { definitionId = '' } = useParams();
  const [params] = useSearchParams();
  const location = useLocation();
  const version = params.get('version');
  const key = useRef('');
  if (!key.current || !(location.state as { saved?: boolean } | null)?.saved) key.current = `${definitionId}@${version ?? ''}`;
  return <DesignerLoader key={key.current} definitionId={definitionId} version={version} />;
}

/**
 * The query that opens a version in the editor: the descriptors, the version and the version list at once
 * (public/prefetch.js has started the requests), laid out when it has no positions.
 */
export function designerOpenQuery(client: QueryClient, definitionId: string, version: string | null) {
  return {
    queryKey: ['designer-open', definitionId, version ?? 'Latest'],
    queryFn: async () => {
      const [descriptors, doc, versions] = await Promise.all([
        client.fetchQuery({ queryKey: keys.descriptors, queryFn: api.descriptors, staleTime: Infinity }),
        api.definition(definitionId, version ?? 'Latest'),
        api.versions(definitionId).catch(() => [] as DefinitionSummary[]),
      ]);
      performance.mark('designer:fetched');
      const shown = await laidOut(doc, descriptorMap(descriptors));
      performance.mark('designer:data');
      return { definitionId, descriptors, doc: shown, versions };
    },
    staleTime: Infinity,
    // Kept until the editor takes it (it may be started before the first render, see startEarly), then removed.
    gcTime: 60_000,
  };
}

/** Starts opening the designer from the address before React renders anything, so the answers are read and laid out meanwhile. */
export function startEarly(client: QueryClient) {
  const m = /^\/designer\/definitions\/([^/]+)\/?$/.exec(window.location.pathname);
  if (m) void client.prefetchQuery(designerOpenQuery(client, decodeURIComponent(m[1]), new URLSearchParams(window.location.search).get('version')));
}

function DesignerLoader({ definitionId, version: asked }: { definitionId: string; version: string | null }) {
  const client = useQueryClient();
  // The version asked for when the page opened: saving changes the address, not what was opened.
  const [version] = useState(asked);
  const query = designerOpenQuery(client, definitionId, version);
  const open = useQuery(query);
  // Opening the page again loads it again.
  useEffect(() => () => client.removeQueries({ queryKey: query.queryKey, exact: true }), [client, query.queryKey[1], query.queryKey[2]]); // eslint-disable-line react-hooks/exhaustive-deps
  const state = pageLoad(open);
  if (state || !open.data)
    return (
      <PageLoadStatus
        state={state ?? { status: 'loading' }}
        loading={`Öppnar ${definitionId}…`}
        failed={`Kunde inte öppna ${definitionId}`}
        back={{ to: '/', text: 'Till arbetsflödena' }}
      />
    );
  return <DesignerEditor data={open.data} />;
}

/** The editor: one store, and the panels that read it. */
function DesignerEditor({ data }: { data: DesignerData }) {
  const [store] = useState(() => createDesignerStore({ ...data, flash: takeFlash() }));
  return (
    <DesignerContext.Provider value={store}>
      <ReactFlowProvider>
        <DesignerLayout />
      </ReactFlowProvider>
    </DesignerContext.Provider>
  );
}

function DesignerLayout() {
  const store = useDesignerStore();
  const actions = useDocumentActions();
  useValidation();
  useUnsavedGuard();
  const saveNow = useCallback(() => void actions.save(), [actions]);
  useGlobalShortcuts(saveNow);
  const searchRef = useRef<HTMLInputElement>(null);
  const focusPalette = useCallback(() => searchRef.current?.focus(), []);
  const descriptors = useDesigner((s) => s.descriptorList);
  const errors = useDesigner((s) => s.errors);
  const validated = useDesigner((s) => s.validated);
  const message = useDesigner((s) => s.message);
  const announcement = useDesigner((s) => s.announcement);
  const flow = useReactFlow();

  // A palette choice goes next to the current activity, or in the middle of the view, wherever there is free space.
  const addFromPalette = useCallback(
    (d: ActivityDescriptor) => {
      const rect = document.getElementById('canvas')?.getBoundingClientRect();
      const centre = rect ? flow.screenToFlowPosition({ x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 }) : { x: 0, y: 0 };
      store.getState().addActivity(d, { near: { x: centre.x - 110, y: centre.y - 40 } });
    },
    [flow, store],
  );

  return (
    <main id="main" className="designer" aria-labelledby="designer-title">
      <DesignerHeader actions={actions} />
      <div className={`message ${message?.tone === 'error' ? 'message-error' : ''}`} role={message?.tone === 'error' ? 'alert' : 'status'}>
        {message?.text}
      </div>
      <div className="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="announcer">
        {announcement}
      </div>
      <div className="designer-body">
        <Palette searchRef={searchRef} descriptors={descriptors} onAdd={addFromPalette} />
        <div className="designer-centre">
          <Canvas focusPalette={focusPalette} />
          <ProblemsList
            errors={errors}
            validated={validated}
            label={(id) => labelOf(store.getState(), id)}
            inputLabel={(id, input) => {
              const s = store.getState();
              return s.descriptors.get(s.index.byId.get(id)?.type ?? '')?.inputs.find((i) => i.name === input)?.displayName ?? input;
            }}
            onSelect={(e) => store.getState().goToProblem(e)}
          />
        </div>
        <SidePanel />
      </div>
      <DesignerDialogs publish={actions.publish} />
    </main>
  );
}
