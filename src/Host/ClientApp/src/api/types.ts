// Shapes of the host's /elsa/api (camelCase JSON). The API speaks Elsa 3.8's wire format; the designer's
// own model of an activity type (ActivityDescriptor below) is made from Elsa's in client.ts.

export type UiHint =
  | 'single-line'
  | 'multi-line'
  | 'checkbox'
  | 'dropdown'
  | 'duration'
  | 'number'
  | 'code-editor'
  | 'multi-text'
  | 'variable-picker'
  | 'switch-editor'
  | 'role-recipients'
  | 'json-editor';

export interface InputDescriptor {
  name: string;
  typeName: string;
  displayName: string;
  description?: string | null;
  uiHint: UiHint | string;
  defaultValue?: unknown;
  isRequired: boolean;
  options?: string[] | null;
  category?: string | null;
  order: number;
  isWrapped: boolean;
}

export interface OutputDescriptor {
  name: string;
  typeName: string;
  displayName: string;
  description?: string | null;
}

export interface ActivityDescriptor {
  typeName: string;
  namespace: string;
  name: string;
  displayName: string;
  category: string;
  description: string;
  version: number;
  kind: 'Action' | 'Blocking' | 'Flow' | string;
  inputs: InputDescriptor[];
  outputs: OutputDescriptor[];
  outcomes: string[];
  hasDynamicOutcomes: boolean;
}

/** An activity type as Elsa 3.8 describes it (GET /descriptors/activities). */
export interface ElsaActivityDescriptor {
  typeName: string;
  namespace: string;
  name: string;
  version: number;
  category: string;
  displayName: string;
  description: string;
  kind: 'Action' | 'Trigger' | 'Job' | 'Task' | string;
  inputs: ElsaInputDescriptor[];
  outputs: OutputDescriptor[];
  ports: { name: string; displayName?: string | null; type: string; isBrowsable?: boolean | null }[];
  customProperties?: Record<string, unknown>;
  isBrowsable: boolean;
  isTerminal: boolean;
  isStart: boolean;
  isContainer: boolean;
}

export interface ElsaInputDescriptor {
  name: string;
  typeName: string;
  displayName: string;
  description?: string | null;
  order: number;
  uiHint: string;
  category?: string | null;
  defaultValue?: unknown;
  isWrapped: boolean;
  isRequired?: boolean;
  uiSpecifications?: {
    dropdown?: { selectList?: { items?: { text: string; value: string }[] } };
    checklist?: { checkList?: { items?: { text: string; value: string }[] } };
  } & Record<string, unknown>;
}

/** Elsa's ListResponse. */
export interface ListResponse<T> {
  items: T[];
  count: number;
}

/** Elsa's PagedListResponse (page counts from 0). */
export interface PagedResponse<T> {
  items: T[];
  totalCount: number;
  page: number;
  pageSize: number;
}

export interface DefinitionSummary {
  id: string;
  definitionId: string;
  name: string;
  description?: string | null;
  version: number;
  isLatest: boolean;
  isPublished: boolean;
  createdAt: string;
  createdBy?: string | null;
  publishedAt?: string | null;
  publishedBy?: string | null;
}

export interface ValidationError {
  path: string;
  message: string;
  activityId?: string | null;
  input?: string | null;
}

/** Elsa's SaveWorkflowDefinitionResponse (POST /workflow-definitions, import), with this host's validation report. */
export interface SaveDefinitionResponse {
  workflowDefinition: DefinitionSummary;
  alreadyPublished: boolean;
  changed: boolean;
  isValid: boolean;
  errors: ValidationError[];
}

export interface DefinitionSaved {
  definition: DefinitionSummary;
  changed: boolean;
  isValid: boolean;
  errors: ValidationError[];
}

export interface ValidationReport {
  isValid: boolean;
  errors: ValidationError[];
}

export interface InstanceSummary {
  id: string;
  definitionId: string;
  definitionVersionId: string;
  version: number;
  name?: string | null;
  status: string;
  subStatus: string;
  correlationId?: string | null;
  createdAt: string;
  updatedAt: string;
  finishedAt?: string | null;
  waitingAt: string[];
  incidentCount: number;
}

export interface BookmarkSummary {
  id: string;
  activityId: string;
  activityType: string;
  name: string;
  status: string;
  recipient?: string | null;
  createdAt: string;
  expiresAt?: string | null;
  resumeAt?: string | null;
  resolvedAt?: string | null;
  resolvedBy?: string | null;
}

export interface IncidentSummary {
  id: string;
  activityId: string;
  activityType: string;
  exceptionType: string;
  message: string;
  timestamp: string;
  resolvedAt?: string | null;
  resolvedBy?: string | null;
}

export interface InstanceDetails {
  instance: InstanceSummary;
  variables: Record<string, unknown>;
  bookmarks: BookmarkSummary[];
  incidents: IncidentSummary[];
}

export interface JournalEntry {
  sequence: number;
  timestamp: string;
  kind: string;
  activityId?: string | null;
  activityType?: string | null;
  outcome?: string | null;
  actor?: string | null;
  message?: string | null;
  data?: unknown;
}

// ---- Elsa 3 definition JSON. Only the fields the designer reads are typed; everything else is kept as is.

export type ExpressionType = 'Literal' | 'Object' | 'JavaScript' | 'Variable' | string;

export interface Expression {
  type: ExpressionType;
  value?: unknown;
  [key: string]: unknown;
}

export interface WrappedInput {
  typeName?: string;
  expression?: Expression;
  [key: string]: unknown;
}

export interface Position {
  x: number;
  y: number;
}

export interface ActivityJson {
  id: string;
  type: string;
  version?: number;
  name?: string | null;
  customProperties?: Record<string, unknown>;
  metadata?: {
    displayText?: string;
    designer?: { position?: Position; size?: { width: number; height: number }; [key: string]: unknown };
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

export interface ConnectionJson {
  source: { activity: string; port?: string | null };
  target: { activity: string; port?: string | null };
  [key: string]: unknown;
}

export interface VariableJson {
  id: string;
  name: string;
  typeName: string;
  isArray?: boolean;
  value?: unknown;
  storageDriverTypeName?: string;
  [key: string]: unknown;
}

export interface FlowchartJson {
  type: string;
  id?: string;
  activities: ActivityJson[];
  connections: ConnectionJson[];
  [key: string]: unknown;
}

export interface DefinitionJson {
  id?: string;
  definitionId: string;
  name?: string;
  description?: string | null;
  version?: number;
  isLatest?: boolean;
  isPublished?: boolean;
  variables?: VariableJson[];
  root: FlowchartJson;
  [key: string]: unknown;
}
