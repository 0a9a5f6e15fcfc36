import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { connectionsOf, updateActivity, withConnections } from '../../model/definition';
import { useDesigner, useDesignerStore } from '../context';
import { PropertiesPanel } from '../properties/PropertiesPanel';
import { labelOf, portsOfActivity, type Tab } from '../store';
import { VariablesPanel } from './VariablesPanel';
import { WorkflowPanel } from './WorkflowPanel';
import './SidePanel.css';

const tabs: [Tab, string][] = [
  ['properties', 'Egenskaper'],
  ['variables', 'Variabler'],
  ['workflow', 'Arbetsflöde'],
];

export function fieldIdFor(activityId: string, input: string): string {
  return `input-${activityId}-${input}`.replace(/[^\w-]/g, '_');
}

/** The side panel: the selected activity's properties, the workflow's variables, and the workflow itself. */
export function SidePanel() {
  const store = useDesignerStore();
  const tab = useDesigner((s) => s.tab);
  const focusInput = useDesigner((s) => s.focusInput);

  // Choosing a problem or pressing Enter on an activity brings focus to its input (or the panel's heading).
  useEffect(() => {
    if (!focusInput) return;
    const frame = requestAnimationFrame(() => {
      const target = (focusInput.input && document.getElementById(fieldIdFor(focusInput.activityId, focusInput.input))) || document.getElementById('properties-heading');
      if (target) {
        target.focus();
        target.scrollIntoView({ block: 'nearest' });
      }
      store.getState().inputFocused();
    });
    return () => cancelAnimationFrame(frame);
  }, [focusInput, store]);

  const onTabKey = (e: React.KeyboardEvent) => {
    const i = tabs.findIndex(([t]) => t === tab);
    const next =
      e.key === 'ArrowRight' ? tabs[(i + 1) % tabs.length] : e.key === 'ArrowLeft' ? tabs[(i + tabs.length - 1) % tabs.length] : e.key === 'Home' ? tabs[0] : e.key === 'End' ? tabs[tabs.length - 1] : null;
    if (!next) return;
    e.preventDefault();
    store.getState().setTab(next[0]);
    requestAnimationFrame(() => document.getElementById(`tab-${next[0]}`)?.focus());
  };

  return (
    <aside className="side-panel" aria-label="Egenskaper">
      <div role="tablist" aria-label="Sidopanel" className="tabs" onKeyDown={onTabKey}>
        {tabs.map(([t, text]) => (
          <button
            key={t}
            type="button"
            role="tab"
            id={`tab-${t}`}
            aria-selected={tab === t}
            aria-controls={`panel-${t}`}
            tabIndex={tab === t ? 0 : -1}
            onClick={() => store.getState().setTab(t)}
          >
            {text}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="tab-panel">
        {tab === 'properties' && <SelectedActivity />}
        {tab === 'variables' && <Variables />}
        {tab === 'workflow' && <Workflow />}
      </div>
    </aside>
  );
}

function SelectedActivity() {
  const store = useDesignerStore();
  const { selected, count } = useDesigner(
    useShallow((s) => ({ selected: s.selection.nodes.size === 1 ? s.index.byId.get([...s.selection.nodes][0]) : undefined, count: s.selection.nodes.size })),
  );
  const errors = useDesigner((s) => (selected ? s.errorsByActivity.get(selected.id) : undefined));
  const variables = useDesigner((s) => s.doc.variables);
  const connections = useDesigner((s) => s.index.connections);
  const descriptors = useDesigner((s) => s.descriptors);
  const index = useDesigner((s) => s.index);
  if (!selected)
    return (
      <div className="empty-panel">
        <h2 id="properties-heading" tabIndex={-1} className="panel-heading">
          Egenskaper
        </h2>
        <p>{count > 1 ? `${count} aktiviteter är markerade.` : 'Välj en aktivitet (klicka, tryck G och skriv namnet, eller fokusera ritytan och använd piltangenterna) för att se och ändra dess indata.'}</p>
      </div>
    );
  const id = selected.id;
  return (
    <PropertiesPanel
      key={id}
      activity={selected}
      descriptor={descriptors.get(selected.type)}
      errors={errors ?? []}
      variables={variables ?? []}
      connections={connections}
      ports={portsOfActivity({ index, descriptors }, id)}
      label={(x) => labelOf({ index, descriptors }, x)}
      fieldId={(input) => fieldIdFor(id, input)}
      onChange={(update, coalesce) => store.getState().change((d) => updateActivity(d, id, update), { coalesce })}
      onConnect={() => store.getState().openConnect(id)}
      onRemoveConnection={(c) => store.getState().change((d) => withConnections(d, connectionsOf(d).filter((x) => x !== c)))}
    />
  );
}

function Variables() {
  const store = useDesignerStore();
  const variables = useDesigner((s) => s.doc.variables);
  return <VariablesPanel variables={variables ?? []} onChange={(next, coalesce) => store.getState().change((d) => ({ ...d, variables: next }), { coalesce })} />;
}

function Workflow() {
  const store = useDesignerStore();
  const doc = useDesigner((s) => s.doc);
  const meta = useDesigner((s) => s.meta);
  return <WorkflowPanel doc={doc} meta={meta} onChange={(update, coalesce) => store.getState().change(update, { coalesce })} />;
}
