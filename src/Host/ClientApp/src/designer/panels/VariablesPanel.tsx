import type { VariableJson } from '../../api/types';

const types = ['String', 'Int32', 'Int64', 'Double', 'Decimal', 'Boolean', 'TimeSpan', 'DateTimeOffset', 'Guid', 'Object', 'String[]'];
const storage = 'Elsa.Workflows.WorkflowInstanceStorageDriver, Elsa.Workflows.Core';

interface VariablesPanelProps {
  variables: VariableJson[];
  onChange: (variables: VariableJson[], coalesce?: string) => void;
}

/** The workflow's variables: name, type and initial value. Properties the panel does not know are kept. */
export function VariablesPanel({ variables, onChange }: VariablesPanelProps) {
  const update = (i: number, patch: Partial<VariableJson>, field: string) =>
    onChange(
      variables.map((v, j) => (j === i ? { ...v, ...patch } : v)),
      `var:${variables[i].id}:${field}`,
    );
  const add = () => {
    const names = new Set(variables.map((v) => v.name));
    let n = variables.length + 1;
    while (names.has(`Variabel${n}`)) n++;
    const name = `Variabel${n}`;
    onChange([...variables, { id: name, name, typeName: 'String', isArray: false, storageDriverTypeName: storage }]);
    requestAnimationFrame(() => document.getElementById(`var-name-${variables.length}`)?.focus());
  };
  return (
    <div className="variables-panel">
      <h2 className="panel-heading">Variabler</h2>
      {variables.length === 0 && <p className="muted">Arbetsflödet har inga variabler.</p>}
      {variables.map((v, i) => (
        <fieldset key={v.id + i} className="variable">
          <legend>{v.name || `Variabel ${i + 1}`}</legend>
          <label htmlFor={`var-name-${i}`}>Namn</label>
          <input id={`var-name-${i}`} type="text" value={v.name} onChange={(e) => update(i, { name: e.target.value }, 'name')} />
          <label htmlFor={`var-type-${i}`}>Typ</label>
          <select id={`var-type-${i}`} value={v.typeName} onChange={(e) => update(i, { typeName: e.target.value, isArray: e.target.value.endsWith('[]') }, 'type')}>
            {[...new Set([...types, v.typeName])].map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
          <label htmlFor={`var-value-${i}`}>Startvärde</label>
          <input
            id={`var-value-${i}`}
            type="text"
            value={v.value === undefined || v.value === null ? '' : typeof v.value === 'string' ? v.value : JSON.stringify(v.value)}
            onChange={(e) => {
              const { value: _old, ...rest } = v;
              onChange(
                variables.map((x, j) => (j === i ? (e.target.value === '' ? (rest as VariableJson) : { ...x, value: e.target.value }) : x)),
                `var:${v.id}:value`,
              );
            }}
          />
          <button type="button" onClick={() => onChange(variables.filter((_, j) => j !== i))} aria-label={`Ta bort variabeln ${v.name}`}>
            Ta bort
          </button>
        </fieldset>
      ))}
      <button type="button" onClick={add}>
        + Ny variabel
      </button>
    </div>
  );
}
