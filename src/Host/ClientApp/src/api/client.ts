import type {
  ActivityDescriptor,
  DefinitionJson,
  DefinitionSaved,
  DefinitionSummary,
  InstanceDetails,
  InstanceSummary,
  JournalEntry,
  ListResponse,
  PagedResponse,
  ValidationError,
  ValidationReport,
} from './types';

export const apiBase = '/elsa/api';

/** An answer other than 2xx, with the Problem Details the host sent. */
export class ApiError extends Error {
  readonly status: number;
  readonly validationErrors: ValidationError[];
  readonly problem: Record<string, unknown> | null;

  constructor(status: number, message: string, problem: Record<string, unknown> | null) {
    super(message);
    this.status = status;
    this.problem = problem;
    this.validationErrors = Array.isArray(problem?.validationErrors) ? (problem.validationErrors as ValidationError[]) : [];
  }
}

declare global {
  interface Window {
    __designerPrefetch?: Record<string, Promise<Response> | undefined>;
  }
}

/** An answer public/prefetch.js already asked for, used once. */
function prefetched(path: string): Promise<Response> | undefined {
  const started = window.__designerPrefetch?.[path];
  if (started) window.__designerPrefetch![path] = undefined;
  return started;
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const early = method === 'GET' ? prefetched(path) : undefined;
  const response = await (early ?? fetch(apiBase + path, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  }));
  const text = await response.text();
  let json: unknown = null;
  if (text.length > 0) {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }
  if (!response.ok) {
    const problem = json && typeof json === 'object' ? (json as Record<string, unknown>) : null;
    throw new ApiError(response.status, describeProblem(response.status, problem), problem);
  }
  return json as T;
}

function describeProblem(status: number, problem: Record<string, unknown> | null): string {
  if (status === 401) return 'Du är inte inloggad. Logga in som Inera-personal och försök igen.';
  if (status === 403) return 'Du saknar behörighet (rollen Inera-personal krävs).';
  const detail = typeof problem?.detail === 'string' ? problem.detail : null;
  const title = typeof problem?.title === 'string' ? problem.title : null;
  const errors = problem?.errors && typeof problem.errors === 'object' ? Object.values(problem.errors as Record<string, string[]>).flat() : [];
  return [title, detail, ...errors].filter(Boolean).join(' ') || `Servern svarade ${status}.`;
}

const enc = encodeURIComponent;

export const api = {
  descriptors: () => request<ListResponse<ActivityDescriptor>>('GET', '/descriptors/activities').then((r) => r.items),
  definitions: () => request<ListResponse<DefinitionSummary>>('GET', '/workflow-definitions').then((r) => r.items),
  versions: (definitionId: string) =>
    request<ListResponse<DefinitionSummary>>('GET', `/workflow-definitions/${enc(definitionId)}/versions`).then((r) => r.items),
  definition: (definitionId: string, versionOptions: string | number = 'Latest') =>
    request<DefinitionJson>('GET', `/workflow-definitions/by-definition-id/${enc(definitionId)}?versionOptions=${enc(String(versionOptions))}`),
  saveDraft: (definition: DefinitionJson) => request<DefinitionSaved>('POST', '/workflow-definitions', definition),
  publish: (definitionId: string) => request<DefinitionSummary>('POST', `/workflow-definitions/${enc(definitionId)}/publish`),
  retract: (definitionId: string, version: number) =>
    request<DefinitionSummary>('POST', `/workflow-definitions/${enc(definitionId)}/retract?version=${version}`),
  import: (json: string, publish?: boolean) =>
    request<DefinitionSaved>('POST', `/workflow-definitions/import${publish === undefined ? '' : `?publish=${publish}`}`, json),
  validate: (definition: DefinitionJson) => request<ValidationReport>('POST', '/workflow-definitions/validate', definition),
  exportUrl: (definitionId: string, version: number) =>
    `${apiBase}/workflow-definitions/${enc(definitionId)}/export?versionOptions=${version}`,
  instances: (query: { definitionId?: string; status?: string; page?: number; pageSize?: number } = {}) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
    return request<PagedResponse<InstanceSummary>>('GET', `/workflow-instances?${params.toString()}`);
  },
  instance: (id: string) => request<InstanceDetails>('GET', `/workflow-instances/${enc(id)}`),
  journal: (id: string) => request<ListResponse<JournalEntry>>('GET', `/workflow-instances/${enc(id)}/journal`).then((r) => r.items),
};

/** Saves a file the browser has in memory under the given name (the user's download folder). */
export function saveFile(name: string, blob: Blob) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Downloads one stored version as the host exports it. Fetched rather than followed as a link, so it goes
 * with the same credentials as every other call and a refusal shows as a message, not as a saved error page.
 */
export async function downloadExport(definitionId: string, version: number): Promise<string> {
  const response = await fetch(api.exportUrl(definitionId, version), { credentials: 'same-origin' });
  if (!response.ok) {
    let problem: Record<string, unknown> | null = null;
    try {
      problem = (await response.json()) as Record<string, unknown>;
    } catch {
      problem = null;
    }
    throw new ApiError(response.status, describeProblem(response.status, problem), problem);
  }
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const name = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1] ?? /filename="?([^";]+)"?/i.exec(disposition)?.[1] ?? `${definitionId}-v${version}.json`;
  const fileName = decodeURIComponent(name);
  saveFile(fileName, await response.blob());
  return fileName;
}

/** A cached list of descriptors: they only change when the host restarts. */
let descriptorsPromise: Promise<ActivityDescriptor[]> | null = null;
export function loadDescriptors(): Promise<ActivityDescriptor[]> {
  descriptorsPromise ??= api.descriptors().catch((e: unknown) => {
    descriptorsPromise = null;
    throw e;
  });
  return descriptorsPromise;
}

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
