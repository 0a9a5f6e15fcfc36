import { describe, expect, it } from 'vitest';
import type { InputDescriptor } from '../api/types';
import { describeDuration, formatDuration, parseDuration, parseStringArray, readInput, splitDuration, writeInput } from './inputs';
import { activity } from './testing';

const text: InputDescriptor = { name: 'text', typeName: 'String', displayName: 'Text', uiHint: 'single-line', isRequired: false, order: 0, isWrapped: true };
const list: InputDescriptor = { name: 'to', typeName: 'String[]', displayName: 'Till', uiHint: 'multi-text', isRequired: false, order: 0, isWrapped: true };
const raw: InputDescriptor = { name: 'cases', typeName: 'Object', displayName: 'Fall', uiHint: 'json-editor', isRequired: false, order: 0, isWrapped: false };

describe('input editing', () => {
  it('reads an unset input as an empty value of the right expression type', () => {
    expect(readInput(activity('a', 'Elsa.WriteLine'), text)).toEqual({ type: 'Literal', text: '' });
    expect(readInput(activity('a', 'Elsa.SendEmail'), list)).toEqual({ type: 'Object', text: '' });
  });

  it('writes an expression and keeps the input and activity properties it does not know', () => {
    const a = activity('a', 'Elsa.WriteLine', 0, 0, { text: { typeName: 'String', expression: { type: 'Literal', value: 'hej', extra: 1 }, custom: true } });
    const written = writeInput(a, text, { type: 'JavaScript', text: "getVariable('Namn')" });
    expect(written.text).toEqual({ typeName: 'String', custom: true, expression: { type: 'JavaScript', value: "getVariable('Namn')", extra: 1 } });
    expect(written.metadata).toBe(a.metadata);
    expect(readInput(written, text)).toEqual({ type: 'JavaScript', text: "getVariable('Namn')" });
  });

  it('writes a raw (unwrapped) input as JSON, removes it when emptied and keeps it while the JSON is unfinished', () => {
    const a = writeInput(activity('s', 'Elsa.FlowSwitch'), raw, { type: 'Raw', text: '[{"label":"Ja"}]' });
    expect(a.cases).toEqual([{ label: 'Ja' }]);
    expect(writeInput(a, raw, { type: 'Raw', text: '[{"label":' })).toBe(a);
    expect('cases' in writeInput(a, raw, { type: 'Raw', text: '  ' })).toBe(false);
  });

  it('reads string lists as JSON or comma-separated text', () => {
    expect(parseStringArray('["a","b"]')).toEqual(['a', 'b']);
    expect(parseStringArray('a, b ,c')).toEqual(['a', 'b', 'c']);
    expect(parseStringArray('')).toEqual([]);
    expect(parseStringArray('{"a":1}')).toBeNull();
  });

  it('reads durations as ISO 8601 and .NET text, and writes them as Elsa does (d.hh:mm:ss)', () => {
    expect(parseDuration('P3D')).toBe(3 * 86400);
    expect(parseDuration('PT1H30M')).toBe(5400);
    expect(parseDuration('1.02:00:00')).toBe(93600);
    expect(parseDuration('00:30')).toBe(1800);
    expect(parseDuration('tre dagar')).toBeNull();
    expect(parseDuration('P')).toBeNull();
    expect(splitDuration(7200)).toEqual({ amount: 2, unit: 'hours' });
    expect(formatDuration(2, 'hours')).toBe('02:00:00');
    expect(formatDuration(3, 'days')).toBe('3.00:00:00');
    expect(describeDuration(93600)).toBe('1 dag 2 timmar');
  });
});
