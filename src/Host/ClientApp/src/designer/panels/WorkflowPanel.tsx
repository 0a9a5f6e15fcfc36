import type { DefinitionJson, DefinitionSummary } from '../../api/types';
import { formatTime, versionLabel } from '../../model/definition';

interface WorkflowPanelProps {
  doc: DefinitionJson;
  meta: DefinitionSummary | null;
  onChange: (update: (d: DefinitionJson) => DefinitionJson, coalesce?: string) => void;
}

/** The workflow's own name and description, and where this version stands. */
export function WorkflowPanel({ doc, meta, onChange }: WorkflowPanelProps) {
  return (
    <div className="workflow-panel">
      <h2 className="panel-heading">Arbetsflöde</h2>
      <div className="field">
        <label className="field-label" htmlFor="wf-name">
          Namn
        </label>
        <input id="wf-name" type="text" value={doc.name ?? ''} onChange={(e) => onChange((d) => ({ ...d, name: e.target.value }), 'wf:name')} />
      </div>
      <div className="field">
        <label className="field-label" htmlFor="wf-description">
          Beskrivning
        </label>
        <textarea id="wf-description" rows={5} value={doc.description ?? ''} onChange={(e) => onChange((d) => ({ ...d, description: e.target.value }), 'wf:description')} />
      </div>
      <dl className="facts">
        <dt>Definitions-id</dt>
        <dd>
          <code>{doc.definitionId}</code>
        </dd>
        {meta && (
          <>
            <dt>Version</dt>
            <dd>
              {meta.version} ({versionLabel(meta)})
            </dd>
            <dt>Skapad</dt>
            <dd>
              {formatTime(meta.createdAt)} {meta.createdBy && `av ${meta.createdBy}`}
            </dd>
            {meta.publishedAt && (
              <>
                <dt>Publicerad</dt>
                <dd>
                  {formatTime(meta.publishedAt)} {meta.publishedBy && `av ${meta.publishedBy}`}
                </dd>
              </>
            )}
          </>
        )}
        <dt>Aktiviteter</dt>
        <dd>{doc.root.activities.length}</dd>
        <dt>Kopplingar</dt>
        <dd>{doc.root.connections.length}</dd>
      </dl>
    </div>
  );
}
