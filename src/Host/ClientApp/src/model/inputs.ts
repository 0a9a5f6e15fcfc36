import type { ActivityJson, InputDescriptor, VariableJson, WrappedInput } from '../api/types';

// An input as the side panel edits it: the expression's type and its value as text.
// Writing keeps the input object's other properties (and its typeName) as they were.

export interface InputValue {
  type: string;
  text: string;
}

/** Inputs whose value is a list or an object are written as JSON text in an Object expression. */
export function isStructured(input: InputDescriptor): boolean {
  return (
    input.typeName.endsWith('[]') ||
    ['multi-text', 'json-editor', 'role-recipients', 'switch-editor'].includes(input.uiHint) ||
    input.typeName === 'RoleRequirements' ||
    input.typeName === 'Object'
  );
}

export function defaultExpressionType(input: InputDescriptor): string {
  if (input.uiHint === 'code-editor') return 'JavaScript';
  return isStructured(input) ? 'Object' : 'Literal';
}

export function readInput(activity: ActivityJson, input: InputDescriptor): InputValue {
  const raw = activity[input.name];
  if (!input.isWrapped) {
    return { type: 'Raw', text: raw === undefined || raw === null ? '' : JSON.stringify(raw, null, 2) };
  }
  const wrapped = raw as WrappedInput | undefined;
  const type = wrapped?.expression?.type ?? defaultExpressionType(input);
  const value = wrapped?.expression?.value;
  if (type === 'Variable') return { type, text: variableName(value) };
  const text = value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  return { type, text };
}

/** The variable a Variable expression names: Elsa stores the variable object; a bare name is read too. */
export function variableName(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && 'name' in value) return String((value as { name: unknown }).name ?? '');
  return '';
}

/**
 * Writes an input back. A Variable expression gets the variable as Elsa stores it (the variable object, as declared
 * in the workflow's variables), or the bare name when no such variable is declared.
 */
export function writeInput(activity: ActivityJson, input: InputDescriptor, value: InputValue, variables: VariableJson[] = []): ActivityJson {
  if (!input.isWrapped) {
    if (value.text.trim() === '') {
      const { [input.name]: _removed, ...rest } = activity;
      return rest as ActivityJson;
    }
    try {
      return { ...activity, [input.name]: JSON.parse(value.text) };
    } catch {
      return activity;
    }
  }
  const current = activity[input.name] as WrappedInput | undefined;
  return {
    ...activity,
    [input.name]: {
      ...current,
      typeName: current?.typeName ?? input.typeName,
      expression: { ...current?.expression, type: value.type, value: expressionValue(value, variables) },
    },
  };
}

function expressionValue(value: InputValue, variables: VariableJson[]): unknown {
  if (value.type !== 'Variable') return value.text;
  const variable = variables.find((v) => v.name === value.text);
  return variable ? { ...variable } : value.text;
}

/** A string array from JSON text, or null when the text is not one. */
export function parseStringArray(text: string): string[] | null {
  if (!text.trim()) return [];
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v.map(String) : null;
  } catch {
    return text.split(',').map((s) => s.trim()).filter(Boolean);
  }
}

// .NET's d.hh:mm:ss (as Elsa writes durations) and ISO 8601 durations (P3D, PT4H, PT30M), as the engine reads them.
const iso = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;
const dotnet = /^(?:(\d+)\.)?(\d{1,2}):(\d{2})(?::(\d{2}))?$/;

export function parseDuration(text: string): number | null {
  const t = text.trim();
  if (!t) return null;
  let m = iso.exec(t);
  if (m && t.toUpperCase() !== 'P' && !t.toUpperCase().endsWith('T')) {
    const [, d, h, min, s] = m;
    return ((+(d ?? 0) * 24 + +(h ?? 0)) * 60 + +(min ?? 0)) * 60 + +(s ?? 0);
  }
  m = dotnet.exec(t);
  if (m) {
    const [, d, h, min, s] = m;
    return ((+(d ?? 0) * 24 + +h) * 60 + +min) * 60 + +(s ?? 0);
  }
  return null;
}

export type DurationUnit = 'days' | 'hours' | 'minutes' | 'seconds';
export const durationUnits: { unit: DurationUnit; seconds: number; one: string; many: string }[] = [
  { unit: 'days', seconds: 86400, one: 'dag', many: 'dagar' },
  { unit: 'hours', seconds: 3600, one: 'timme', many: 'timmar' },
  { unit: 'minutes', seconds: 60, one: 'minut', many: 'minuter' },
  { unit: 'seconds', seconds: 1, one: 'sekund', many: 'sekunder' },
];

export function splitDuration(seconds: number): { amount: number; unit: DurationUnit } {
  for (const u of durationUnits) if (seconds % u.seconds === 0 && seconds >= u.seconds) return { amount: seconds / u.seconds, unit: u.unit };
  return { amount: seconds, unit: 'seconds' };
}

/** A duration as Elsa writes one (.NET's TimeSpan "c" format): 3 days → 3.00:00:00, 4 hours → 04:00:00. */
export function formatDuration(amount: number, unit: DurationUnit): string {
  const seconds = amount * (durationUnits.find((u) => u.unit === unit)?.seconds ?? 1);
  const days = Math.floor(seconds / 86400);
  const two = (n: number) => String(n).padStart(2, '0');
  const time = `${two(Math.floor((seconds % 86400) / 3600))}:${two(Math.floor((seconds % 3600) / 60))}:${two(seconds % 60)}`;
  return days > 0 ? `${days}.${time}` : time;
}

export function describeDuration(seconds: number): string {
  if (seconds === 0) return '0 (ingen)';
  const parts: string[] = [];
  let rest = seconds;
  for (const u of durationUnits) {
    const n = Math.floor(rest / u.seconds);
    if (n > 0) {
      parts.push(`${n} ${n === 1 ? u.one : u.many}`);
      rest -= n * u.seconds;
    }
  }
  return parts.join(' ');
}
