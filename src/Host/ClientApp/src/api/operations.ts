import { ApiError } from './client';

// The operations API (/api/operations) the designer uses when publishing: how many orders run on
// each version, and moving them to the new one (a dry run first). Shapes as the host writes them
// (src/Host/Api/Operations/VersionMigrationApi.cs).

export interface RunningOnVersion {
  version: number;
  running: number;
}

export interface RunningByVersion {
  definitionId: string;
  versions: RunningOnVersion[];
}

export interface InstanceMigration {
  instanceId: string;
  correlationId?: string | null;
  fromVersion: number;
  allowed: boolean;
  problems: string[];
}

export interface VersionMigration {
  definitionId: string;
  targetVersion: number;
  dryRun: boolean;
  selected: number;
  allowed: number;
  moved: number;
  instances: InstanceMigration[];
}

const base = '/api/operations';

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(base + path, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const json: unknown = text ? safeParse(text) : null;
  if (!response.ok) {
    const problem = json && typeof json === 'object' ? (json as Record<string, unknown>) : null;
    const detail = [problem?.title, problem?.detail].filter((x) => typeof x === 'string').join(' ');
    throw new ApiError(response.status, detail || `Servern svarade ${response.status}.`, problem);
  }
  return json as T;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

const enc = encodeURIComponent;

export const operations = {
  running: (definitionId: string) => call<RunningByVersion>('GET', `/definitions/${enc(definitionId)}/running`),
  migrate: (definitionId: string, request: { targetVersion: number; dryRun: boolean; reason?: string }) =>
    call<VersionMigration>('POST', `/definitions/${enc(definitionId)}/migrate`, request),
};
