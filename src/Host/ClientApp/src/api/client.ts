import type {
  ActivityDescriptor,
  DefinitionJson,
  DefinitionSaved,
  DefinitionSummary,
  ElsaActivityDescriptor,
  ElsaInputDescriptor,
  InputDescriptor,
  SaveDefinitionResponse,
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

const numericTypes = new Set(['Int32', 'Int64', 'Double', 'Decimal', 'Single']);

/** Elsa's UI hint (and type) as the designer's editors name them. */
function designerHint(input: ElsaInputDescriptor): string {
  switch (input.uiHint) {
    case 'singleline':
      if (input.typeName === 'TimeSpan') return 'duration';
      return numericTypes.has(input.typeName) ? 'number' : 'single-line';
    case 'multiline':
      return 'multi-line';
    case 'multitext':
    case 'dynamic-outcomes':
      return 'multi-text';
    case 'flow-switch-editor':
      return 'switch-editor';
    default:
      return input.uiHint;
  }
}

function toDesignerInput(input: ElsaInputDescriptor): InputDescriptor {
  const options =
    (input.uiSpecifications?.dropdown?.selectList?.items ?? input.uiSpecifications?.checklist?.checkList?.items)?.map((i) => i.value) ?? null;
  return {
    name: input.name,
    typeName: input.typeName,
    displayName: input.displayName,
    description: input.description,
    uiHint: designerHint(input),
    defaultValue: input.defaultValue,
    isRequired: input.isRequired ?? false,
    options,
    category: input.category,
    order: input.order,
    isWrapped: input.isWrapped,
  };
}

/**
 * The designer's model of an activity type from Elsa's descriptor: outcomes are the flow ports, ports that depend
 * on an input (dynamic outcomes, switch cases) make hasDynamicOutcomes, and the kind the canvas shows is
 * "Blocking" for activities that wait, "Flow" for those with several ports, else "Action".
 */
export function toDesignerDescriptor(d: ElsaActivityDescriptor): ActivityDescriptor {
  const outcomes = d.ports.filter((p) => p.type === 'Flow').map((p) => p.name);
  const hasDynamicOutcomes = d.inputs.some((i) => i.uiHint === 'dynamic-outcomes' || i.uiHint === 'flow-switch-editor');
  const waits = d.customProperties?.waits === true;
  const kind = waits ? 'Blocking' : outcomes.length !== 1 || hasDynamicOutcomes || outcomes[0] !== 'Done' ? 'Flow' : 'Action';
  return {
    typeName: d.typeName,
    namespace: d.namespace,
    name: d.name,
    displayName: d.displayName,
    category: d.category,
    description: d.description,
    version: d.version,
    kind,
    inputs: [...d.inputs].sort((a, b) => a.order - b.order).map(toDesignerInput),
    outputs: d.outputs,
    outcomes,
    hasDynamicOutcomes,
  };
}

function toSaved(r: SaveDefinitionResponse): DefinitionSaved {
  return { definition: r.workflowDefinition, changed: r.changed, isValid: r.isValid, errors: r.errors };
}

export const api = {
  descriptors: () =>
    request<ListResponse<ElsaActivityDescriptor>>('GET', '/descriptors/activities').then((r) =>
      r.items.filter((d) => d.isBrowsable).map(toDesignerDescriptor),
    ),
  definitions: () => request<PagedResponse<DefinitionSummary>>('GET', '/workflow-definitions?versionOptions=Latest&pageSize=1000').then((r) => r.items),
  versions: (definitionId: string) =>
    request<ListResponse<DefinitionSummary>>('GET', `/workflow-definitions/${enc(definitionId)}/versions`).then((r) => r.items),
  definition: (definitionId: string, versionOptions: string | number = 'Latest') =>
    request<DefinitionJson>('GET', `/workflow-definitions/by-definition-id/${enc(definitionId)}?versionOptions=${enc(String(versionOptions))}`),
  saveDraft: (definition: DefinitionJson) =>
    request<SaveDefinitionResponse>('POST', '/workflow-definitions', { model: definition, publish: false }).then(toSaved),
  publish: (definitionId: string) =>
    request<SaveDefinitionResponse>('POST', `/workflow-definitions/${enc(definitionId)}/publish`, {}).then((r) => r.workflowDefinition),
  retract: (definitionId: string, version: number) =>
    request<DefinitionSummary>('POST', `/workflow-definitions/${enc(definitionId)}/retract?version=${version}`, {}),
  // Elsa's import answers the stored definition itself; this host adds changed, isValid and errors to it.
  import: (json: string, publish?: boolean) =>
    request<DefinitionSummary & Omit<SaveDefinitionResponse, 'workflowDefinition' | 'alreadyPublished'>>(
      'POST',
      `/workflow-definitions/import${publish === undefined ? '' : `?publish=${publish}`}`,
      json,
    ).then((r): DefinitionSaved => ({ definition: r, changed: r.changed, isValid: r.isValid, errors: r.errors })),
  validate: (definition: DefinitionJson) => request<ValidationReport>('POST', '/workflow-definitions/validate', definition),
  exportUrl: (definitionId: string, version: number) =>
    `${apiBase}/workflow-definitions/${enc(definitionId)}/export?versionOptions=${version}`,
  instances: (query: { definitionId?: string; status?: string; page?: number; pageSize?: number } = {}) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
    return request<PagedResponse<InstanceSummary>>('GET', `/workflow-instances?${params.toString()}`);
  },
  instance: (id: string) => request<InstanceDetails>('GET', `/workflow-instances/${enc(id)}/details`),
  journal: (id: string) =>
    request<PagedResponse<JournalEntry>>('GET', `/workflow-instances/${enc(id)}/journal?take=10000`).then((r) => r.items),
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
