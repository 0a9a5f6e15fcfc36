import type { ActivityDescriptor, ActivityJson, ConnectionJson, InputDescriptor, ValidationError, VariableJson } from '../../api/types';
import { readInput, writeInput } from '../../model/inputs';
import { InputEditor } from './InputEditor';
import './PropertiesPanel.css';

interface PropertiesPanelProps {
  activity: ActivityJson;
  descriptor: ActivityDescriptor | undefined;
  errors: ValidationError[];
  variables: VariableJson[];
  connections: ConnectionJson[];
  ports: string[];
  label: (id: string) => string;
  fieldId: (input: string) => string;
  onChange: (update: (a: ActivityJson) => ActivityJson, coalesce?: string) => void;
  onConnect: () => void;
  onRemoveConnection: (c: ConnectionJson) => void;
}

/** The selected activity: its names, its inputs (each with an editor for its type), and its outgoing connections. */
export function PropertiesPanel({ activity, descriptor, errors, variables, connections, ports, label, fieldId, onChange, onConnect, onRemoveConnection }: PropertiesPanelProps) {
  const inputs = [...(descriptor?.inputs ?? [])].sort((a, b) => a.order - b.order);
  const groups = new Map<string, InputDescriptor[]>();
  for (const input of inputs) {
    const g = input.category ?? 'Indata';
    groups.set(g, [...(groups.get(g) ?? []), input]);
  }
  const inputNames = new Set(inputs.map((i) => i.name));
  const general = errors.filter((e) => !e.input || !inputNames.has(e.input));
  const displayText = activity.metadata?.displayText ?? '';
  const outgoing = connections.filter((c) => c.source.activity === activity.id);
  const incoming = connections.filter((c) => c.target.activity === activity.id);
  const nameId = fieldId('__displayText');

  return (
    <div className="properties">
      <h2 id="properties-heading" tabIndex={-1} className="panel-heading">
        {label(activity.id)}
      </h2>
      <p className="muted small">
        {descriptor ? descriptor.displayName : 'Okänd aktivitetstyp'} · <code>{activity.type}</code>
      </p>
      {descriptor?.description && <p className="small">{descriptor.description}</p>}
      {general.length > 0 && (
        <ul className="field-errors" aria-label="Problem med aktiviteten">
          {general.map((e, i) => (
            <li key={i}>
              <span aria-hidden="true">⚠ </span>
              {e.message}
            </li>
          ))}
        </ul>
      )}
      <div className="field">
        <label className="field-label" htmlFor={nameId}>
          Visningsnamn
        </label>
        <input
          id={nameId}
          type="text"
          value={displayText}
          onChange={(e) => {
            const text = e.target.value;
            onChange((a) => ({ ...a, metadata: { ...(a.metadata ?? {}), displayText: text } }), `${activity.id}:displayText`);
          }}
        />
      </div>
      <div className="field two-col">
        <div>
          <label className="field-label" htmlFor={fieldId('__name')}>
            Namn
          </label>
          <input
            id={fieldId('__name')}
            type="text"
            value={activity.name ?? ''}
            onChange={(e) => {
              const text = e.target.value;
              onChange((a) => ({ ...a, name: text }), `${activity.id}:name`);
            }}
          />
        </div>
        <div>
          <label className="field-label" htmlFor={fieldId('__id')}>
            Id
          </label>
          <input id={fieldId('__id')} type="text" value={activity.id} readOnly aria-readonly="true" />
        </div>
      </div>

      {[...groups.entries()].map(([group, items]) => (
        <fieldset key={group} className="input-group">
          <legend>{group}</legend>
          {items.map((input) => {
            const id = fieldId(input.name);
            return (
              <InputEditor
                key={input.name}
                fieldId={id}
                input={input}
                value={readInput(activity, input)}
                errors={errors.filter((e) => e.input === input.name).map((e) => e.message)}
                variables={variables}
                onChange={(value) => onChange((a) => writeInput(a, input, value, variables), `${activity.id}:${input.name}`)}
              />
            );
          })}
        </fieldset>
      ))}
      {inputs.length === 0 && <p className="muted">Aktiviteten har inga indata.</p>}

      <section className="ports" aria-labelledby={`ports-${activity.id}`}>
        <h3 id={`ports-${activity.id}`}>Kopplingar</h3>
        {ports.length === 0 ? (
          <p className="muted">Inga utgångar.</p>
        ) : (
          <ul>
            {ports.map((port) => {
              const targets = outgoing.filter((c) => (c.source.port ?? 'Done') === port);
              return (
                <li key={port}>
                  <strong>{port}</strong>
                  {targets.length === 0 ? (
                    <span className="muted"> → (ej kopplad)</span>
                  ) : (
                    <ul>
                      {targets.map((c, i) => (
                        <li key={i}>
                          → {label(c.target.activity)}{' '}
                          <button type="button" className="link-button" onClick={() => onRemoveConnection(c)} aria-label={`Ta bort kopplingen ${port} till ${label(c.target.activity)}`}>
                            Ta bort
                          </button>
                        </li>
                      ))}
                    </ul>
                  )}
                </li>
              );
            })}
          </ul>
        )}
        {ports.length > 0 && (
          <button type="button" onClick={onConnect} aria-keyshortcuts="K">
            Ny koppling… (K)
          </button>
        )}
        {incoming.length > 0 && (
          <p className="small muted">
            In från: {incoming.map((c) => `${label(c.source.activity)} (${c.source.port ?? 'Done'})`).join(', ')}
          </p>
        )}
      </section>
    </div>
  );
}
