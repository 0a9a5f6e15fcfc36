import { QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import { operations } from './operations';
import type { DefinitionJson, DefinitionSummary } from './types';

// Every page reads the host through these hooks (TanStack Query: caching, one request for the same
// data at once, answers for a page that was left are dropped). Only this file and operations.ts know
// the API's paths and shapes, so a change of wire format stays here and in client.ts.

export function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // An editor must not reload what is being edited behind the user's back.
        refetchOnWindowFocus: false,
        retry: (count, error) => count < 1 && !(error instanceof Error && 'status' in error && Number((error as { status: number }).status) < 500),
      },
    },
  });
}

export const keys = {
  descriptors: ['descriptors'] as const,
  definitions: ['definitions'] as const,
  versions: (definitionId: string) => ['versions', definitionId] as const,
  definition: (definitionId: string, version: string | number) => ['definition', definitionId, String(version)] as const,
  instances: (query: Record<string, unknown>) => ['instances', query] as const,
  instance: (id: string) => ['instance', id] as const,
  journal: (id: string) => ['journal', id] as const,
  running: (definitionId: string) => ['running', definitionId] as const,
};

/** Activity descriptors change only when the host restarts. */
export function useDescriptors() {
  return useQuery({ queryKey: keys.descriptors, queryFn: api.descriptors, staleTime: Infinity, gcTime: Infinity });
}

export function useDefinition(definitionId: string, version: string | number | null) {
  return useQuery({ queryKey: keys.definition(definitionId, version ?? 'Latest'), queryFn: () => api.definition(definitionId, version ?? 'Latest') });
}

export function useVersions(definitionId: string, options: { optional?: boolean } = {}) {
  return useQuery({
    queryKey: keys.versions(definitionId),
    // The editor opens without the version list when it cannot be had; the list pages need it.
    queryFn: options.optional ? () => api.versions(definitionId).catch(() => [] as DefinitionSummary[]) : () => api.versions(definitionId),
  });
}

/** The latest version of every definition, each with all its versions. */
export function useDefinitionList() {
  return useQuery({
    queryKey: keys.definitions,
    queryFn: async () => {
      const latest = await api.definitions();
      const versions = await Promise.all(latest.map((d) => api.versions(d.definitionId).catch(() => null)));
      return latest.map((d, i) => ({ latest: d, versions: versions[i] })).sort((a, b) => a.latest.name.localeCompare(b.latest.name, 'sv'));
    },
  });
}

export function useInstances(query: { definitionId?: string; status?: string; page?: number; pageSize?: number }) {
  return useQuery({ queryKey: keys.instances(query), queryFn: () => api.instances(query) });
}

export function useInstanceDetails(id: string) {
  return useQuery({ queryKey: keys.instance(id), queryFn: () => api.instance(id) });
}

export function useJournal(id: string) {
  return useQuery({ queryKey: keys.journal(id), queryFn: () => api.journal(id) });
}

/** Running orders per version of a definition (for publishing: who stays on an older version). */
export function useRunningByVersion(definitionId: string, enabled = true) {
  return useQuery({ queryKey: keys.running(definitionId), queryFn: () => operations.running(definitionId), enabled, staleTime: 0 });
}

/** The published version, to compare a draft with; null when nothing is published. */
export function usePublished(definitionId: string, enabled = true) {
  return useQuery({
    queryKey: keys.definition(definitionId, 'Published'),
    queryFn: () => api.definition(definitionId, 'Published').catch((e: unknown) => (e instanceof Error && 'status' in e && (e as { status: number }).status === 404 ? null : Promise.reject(e))),
    enabled,
    staleTime: 0,
  });
}

export const validateDefinition = (doc: DefinitionJson) => api.validate(doc);

/** Saving, publishing, retracting and importing: each refreshes the lists they change. */
export function useDefinitionMutations(definitionId?: string) {
  const client = useQueryClient();
  const refresh = (id?: string) => {
    void client.invalidateQueries({ queryKey: keys.definitions });
    if (id) {
      void client.invalidateQueries({ queryKey: keys.versions(id) });
      void client.invalidateQueries({ queryKey: ['definition', id] });
      void client.invalidateQueries({ queryKey: keys.running(id) });
    }
  };
  return {
    save: useMutation({ mutationFn: (doc: DefinitionJson) => api.saveDraft(doc), onSuccess: (r) => refresh(r.definition.definitionId) }),
    publish: useMutation({ mutationFn: (id: string) => api.publish(id), onSuccess: (r) => refresh(r.definitionId) }),
    retract: useMutation({ mutationFn: (v: { definitionId: string; version: number }) => api.retract(v.definitionId, v.version), onSuccess: (r) => refresh(r.definitionId) }),
    import: useMutation({ mutationFn: (json: string) => api.import(json), onSuccess: (r) => refresh(r.definition.definitionId) }),
    migrate: useMutation({
      mutationFn: (v: { targetVersion: number; dryRun: boolean; reason?: string }) => operations.migrate(definitionId!, v),
      onSuccess: () => refresh(definitionId),
    }),
  };
}

/** Fetches the versions list again (after a save) and gives it back. */
export function useRefreshVersions(definitionId: string) {
  const client = useQueryClient();
  return () => client.fetchQuery({ queryKey: keys.versions(definitionId), queryFn: () => api.versions(definitionId), staleTime: 0 });
}
