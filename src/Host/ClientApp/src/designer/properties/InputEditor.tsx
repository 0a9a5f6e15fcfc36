import { lazy, Suspense, useId, useState } from 'react';
import type { InputDescriptor, VariableJson } from '../../api/types';
import {
  defaultExpressionType,
  describeDuration,
  durationUnits,
  formatDuration,
  parseDuration,
  parseStringArray,
  splitDuration,
  type DurationUnit,
  type InputValue,
} from '../../model/inputs';

const CodeEditor = lazy(() => import('./CodeEditor'));

export const knownRoles = [
  'Administratör',
  'Beställare',
  'Attestant',
  'Företrädare/Firmatecknare',
  'Kontaktperson för avtalet',
  'Handläggare agent',
  'Inera handläggare',
];
const parties: { key: string; label: string }[] = [
  { key: 'customer', label: 'Kunden' },
  { key: 'agent', label: 'Agenten' },
];

export interface InputEditorProps {
  fieldId: string;
  input: InputDescriptor;
  value: InputValue;
  errors: string[];
  variables: VariableJson[];
  onChange: (value: InputValue) => void;
}

/** One input of an activity, with an editor that fits its type and a choice of expression (value, JavaScript, variable). */
export function InputEditor({ fieldId, input, value, errors, variables, onChange }: InputEditorProps) {
  const descriptionId = `${fieldId}-desc`;
  const errorId = `${fieldId}-err`;
  const describedBy = [input.description ? descriptionId : '', errors.length ? errorId : ''].filter(Boolean).join(' ') || undefined;
  const invalid = errors.length > 0;
  const valueType = defaultExpressionType(input);
  const mode = !input.isWrapped ? 'Raw' : value.type === 'JavaScript' || value.type === 'Variable' ? value.type : valueType;
  const common = { id: fieldId, 'aria-describedby': describedBy, 'aria-invalid': invalid || undefined };
  const set = (text: string, type = mode) => onChange({ type, text });
  const label = `${input.displayName}${input.isRequired ? ' (krävs)' : ''}`;

  let editor: React.ReactNode;
  if (mode === 'JavaScript') {
    editor = (
      <Suspense fallback={<textarea {...common} value={value.text} onChange={(e) => set(e.target.value)} rows={3} />}>
        <CodeEditor id={fieldId} label={`${input.displayName} (JavaScript)`} value={value.text} describedBy={describedBy} invalid={invalid} variables={variables} onChange={(t) => set(t)} />
      </Suspense>
    );
  } else if (mode === 'Variable') {
    editor = (
      <select {...common} value={value.text} onChange={(e) => set(e.target.value)}>
        <option value="">(välj variabel)</option>
        {variables.map((v) => (
          <option key={v.id} value={v.name}>
            {v.name} ({v.typeName})
          </option>
        ))}
      </select>
    );
  } else if (input.typeName === 'RoleRequirements' || input.uiHint === 'role-recipients') {
    editor = <RoleEditor fieldId={fieldId} describedBy={describedBy} text={value.text} perParty={input.typeName === 'RoleRequirements'} onChange={(t) => set(t)} />;
  } else if (input.uiHint === 'variable-picker' && !input.isWrapped) {
    const current = safeParse(value.text) as { id?: string; name?: string } | null;
    editor = (
      <select
        {...common}
        value={current?.id ?? current?.name ?? ''}
        onChange={(e) => {
          const v = variables.find((x) => x.id === e.target.value);
          set(v ? JSON.stringify({ id: v.id, name: v.name }) : '');
        }}
      >
        <option value="">(välj variabel)</option>
        {variables.map((v) => (
          <option key={v.id} value={v.id}>
            {v.name} ({v.typeName})
          </option>
        ))}
      </select>
    );
  } else if (input.uiHint === 'switch-editor') {
    editor = <SwitchCasesEditor fieldId={fieldId} describedBy={describedBy} text={value.text} variables={variables} onChange={(t) => set(t)} />;
  } else if (input.uiHint === 'multi-text' || input.typeName.endsWith('[]')) {
    editor = <ListEditor fieldId={fieldId} describedBy={describedBy} label={input.displayName} text={value.text} onChange={(t) => set(t)} />;
  } else if (input.uiHint === 'duration' || input.typeName === 'TimeSpan') {
    editor = <DurationEditor fieldId={fieldId} describedBy={describedBy} invalid={invalid} text={value.text} onChange={(t) => set(t)} />;
  } else if (input.uiHint === 'dropdown' && input.options?.length) {
    editor = (
      <select {...common} value={value.text} onChange={(e) => set(e.target.value)}>
        {(!input.isRequired || !input.options.includes(value.text)) && <option value="">(inget valt)</option>}
        {input.options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    );
  } else if (input.uiHint === 'checkbox') {
    editor = <input {...common} type="checkbox" checked={value.text.toLowerCase() === 'true'} onChange={(e) => set(String(e.target.checked))} />;
  } else if (input.uiHint === 'number') {
    editor = <input {...common} type="number" inputMode="decimal" value={value.text} onChange={(e) => set(e.target.value)} />;
  } else if (input.uiHint === 'multi-line' || input.uiHint === 'json-editor' || mode === 'Raw') {
    editor = <textarea {...common} rows={input.uiHint === 'multi-line' ? 4 : 6} value={value.text} onChange={(e) => set(e.target.value)} spellCheck={input.uiHint === 'multi-line'} />;
  } else {
    editor = <input {...common} type="text" value={value.text} onChange={(e) => set(e.target.value)} />;
  }

  const isGroup = editor !== null && typeof editor === 'object' && 'type' in editor && (editor.type === RoleEditor || editor.type === ListEditor || editor.type === DurationEditor || editor.type === SwitchCasesEditor);
  return (
    <div className={`field${invalid ? ' field-invalid' : ''}`} data-input={input.name}>
      <div className="field-label-row">
        {isGroup ? (
          <span className="field-label" id={`${fieldId}-label`}>
            {label}
          </span>
        ) : (
          <label className="field-label" htmlFor={fieldId} id={`${fieldId}-label`}>
            {label}
          </label>
        )}
        {input.isWrapped && (
          <select
            className="syntax-picker"
            aria-label={`Uttryckstyp för ${input.displayName}`}
            value={mode}
            onChange={(e) => onChange({ type: e.target.value, text: convertText(value.text, mode, e.target.value) })}
          >
            <option value={valueType}>Värde</option>
            <option value="JavaScript">JavaScript</option>
            <option value="Variable">Variabel</option>
          </select>
        )}
      </div>
      {isGroup ? (
        <div role="group" aria-labelledby={`${fieldId}-label`}>
          {editor}
        </div>
      ) : (
        editor
      )}
      {input.description && (
        <p className="field-description" id={descriptionId}>
          {input.description}
        </p>
      )}
      {invalid && (
        <ul className="field-errors" id={errorId}>
          {errors.map((e, i) => (
            <li key={i}>
              <span aria-hidden="true">⚠ </span>
              {e}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Keeps what was written when the expression type changes: a value becomes the same value in JavaScript. */
function convertText(text: string, from: string, to: string): string {
  if (to === from) return text;
  if (to === 'Variable') return '';
  if (to === 'JavaScript' && (from === 'Literal' || from === 'Object') && text.trim() !== '') return from === 'Object' ? text : JSON.stringify(text);
  if (from === 'JavaScript' && /^"(?:[^"\\]|\\.)*"$/.test(text.trim())) return JSON.parse(text.trim()) as string;
  return text;
}

function safeParse(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

function DurationEditor({ fieldId, describedBy, invalid, text, onChange }: { fieldId: string; describedBy?: string; invalid: boolean; text: string; onChange: (t: string) => void }) {
  const seconds = parseDuration(text);
  const split = seconds === null ? null : splitDuration(seconds);
  const [unit, setUnit] = useState<DurationUnit>(split?.unit ?? 'days');
  const shownUnit = split?.unit ?? unit;
  const unitId = useId();
  const hint = `${fieldId}-hint`;
  return (
    <div className="duration-editor">
      <input
        id={fieldId}
        type="text"
        className="duration-raw"
        value={text}
        aria-label="Tid (t.ex. 3.00:00:00 eller P3D)"
        aria-describedby={[hint, describedBy].filter(Boolean).join(' ')}
        aria-invalid={invalid || (text.trim() !== '' && seconds === null) || undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      <span className="duration-or">eller</span>
      <input
        type="number"
        min={0}
        className="duration-amount"
        aria-label="Antal"
        value={split ? split.amount : ''}
        onChange={(e) => onChange(e.target.value === '' ? '' : formatDuration(Math.max(0, Math.round(+e.target.value)), shownUnit))}
      />
      <label className="visually-hidden" htmlFor={unitId}>
        Enhet
      </label>
      <select
        id={unitId}
        value={shownUnit}
        onChange={(e) => {
          const u = e.target.value as DurationUnit;
          setUnit(u);
          if (split) onChange(formatDuration(split.amount, u));
        }}
      >
        {durationUnits.map((u) => (
          <option key={u.unit} value={u.unit}>
            {u.many}
          </option>
        ))}
      </select>
      <p className="duration-hint" id={hint} aria-live="polite">
        {text.trim() === '' ? 'Ingen tid angiven.' : seconds === null ? 'Tiden kan inte läsas: skriv t.ex. 3.00:00:00, 04:00:00 eller P3D.' : `= ${describeDuration(seconds)}`}
      </p>
    </div>
  );
}

function ListEditor({ fieldId, describedBy, label, text, onChange }: { fieldId: string; describedBy?: string; label: string; text: string; onChange: (t: string) => void }) {
  const items = parseStringArray(text) ?? [];
  const write = (next: string[]) => onChange(JSON.stringify(next));
  return (
    <div className="list-editor">
      <ol>
        {items.map((item, i) => (
          <li key={i}>
            <input
              id={i === 0 ? fieldId : undefined}
              type="text"
              value={item}
              aria-label={`${label}, rad ${i + 1}`}
              aria-describedby={describedBy}
              onChange={(e) => write(items.map((x, j) => (j === i ? e.target.value : x)))}
            />
            <button type="button" className="icon-button" aria-label={`Ta bort rad ${i + 1} (${item})`} onClick={() => write(items.filter((_, j) => j !== i))}>
              ✕
            </button>
          </li>
        ))}
      </ol>
      <button type="button" id={items.length === 0 ? fieldId : undefined} aria-describedby={describedBy} onClick={() => write([...items, ''])}>
        + Lägg till rad
      </button>
    </div>
  );
}

function RoleEditor({ fieldId, describedBy, text, perParty, onChange }: { fieldId: string; describedBy?: string; text: string; perParty: boolean; onChange: (t: string) => void }) {
  const parsed = safeParse(text);
  if (perParty) {
    const value = (parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : {}) as Record<string, unknown>;
    const rolesOf = (party: string) => (Array.isArray(value[party]) ? (value[party] as unknown[]).map(String) : []);
    const toggle = (party: string, role: string, on: boolean) => {
      const current = rolesOf(party);
      const next = on ? [...current, role] : current.filter((r) => r !== role);
      onChange(JSON.stringify({ ...value, [party]: next }));
    };
    return (
      <div className="role-editor">
        {parties.map((p, pi) => (
          <fieldset key={p.key}>
            <legend>{p.label} behöver</legend>
            {knownRoles.map((role, ri) => (
              <label key={role} className="check">
                <input
                  id={pi === 0 && ri === 0 ? fieldId : undefined}
                  type="checkbox"
                  checked={rolesOf(p.key).includes(role)}
                  aria-describedby={describedBy}
                  onChange={(e) => toggle(p.key, role, e.target.checked)}
                />
                {role}
              </label>
            ))}
          </fieldset>
        ))}
      </div>
    );
  }
  const roles = Array.isArray(parsed) ? parsed.map(String) : [];
  return (
    <div className="role-editor">
      {knownRoles.map((role, ri) => (
        <label key={role} className="check">
          <input
            id={ri === 0 ? fieldId : undefined}
            type="checkbox"
            checked={roles.includes(role)}
            aria-describedby={describedBy}
            onChange={(e) => onChange(JSON.stringify(e.target.checked ? [...roles, role] : roles.filter((r) => r !== role)))}
          />
          {role}
        </label>
      ))}
    </div>
  );
}

interface SwitchCase {
  label: string;
  condition?: { type: string; value: string };
}

function SwitchCasesEditor({ fieldId, describedBy, text, variables, onChange }: { fieldId: string; describedBy?: string; text: string; variables: VariableJson[]; onChange: (t: string) => void }) {
  const parsed = safeParse(text);
  const cases = (Array.isArray(parsed) ? parsed : []) as SwitchCase[];
  const write = (next: SwitchCase[]) => onChange(JSON.stringify(next));
  return (
    <div className="cases-editor">
      {cases.map((c, i) => (
        <fieldset key={i}>
          <legend>Fall {i + 1}</legend>
          <label>
            Etikett (blir en utgång)
            <input id={i === 0 ? fieldId : undefined} type="text" value={c.label ?? ''} aria-describedby={describedBy} onChange={(e) => write(cases.map((x, j) => (j === i ? { ...x, label: e.target.value } : x)))} />
          </label>
          <Suspense fallback={null}>
            <span className="field-label">Villkor (JavaScript)</span>
            <CodeEditor
              id={`${fieldId}-case-${i}`}
              label={`Villkor för fall ${i + 1}`}
              variables={variables}
              value={String(c.condition?.value ?? '')}
              onChange={(v) => write(cases.map((x, j) => (j === i ? { ...x, condition: { ...x.condition, type: 'JavaScript', value: v } } : x)))}
            />
          </Suspense>
          <button type="button" onClick={() => write(cases.filter((_, j) => j !== i))}>
            Ta bort fall {i + 1}
          </button>
        </fieldset>
      ))}
      <button type="button" id={cases.length === 0 ? fieldId : undefined} onClick={() => write([...cases, { label: `Fall${cases.length + 1}`, condition: { type: 'JavaScript', value: 'false' } }])}>
        + Lägg till fall
      </button>
    </div>
  );
}
