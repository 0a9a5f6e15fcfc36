import { Link, useNavigate } from 'react-router-dom';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { versionLabel } from '../model/definition';
import { useDesigner, useDesignerStore } from './context';
import { isDirty } from './store';
import type { useDocumentActions } from './useDocumentActions';

/** The workflow's name, the version chosen and its state, and the toolbar. */
export function DesignerHeader({ actions }: { actions: ReturnType<typeof useDocumentActions> }) {
  const store = useDesignerStore();
  const navigate = useNavigate();
  const definitionId = useDesigner((s) => s.definitionId);
  const name = useDesigner((s) => s.doc.name);
  const meta = useDesigner((s) => s.meta);
  const versions = useDesigner((s) => s.versions);
  const dirty = useDesigner(isDirty);
  const canUndo = useDesigner((s) => s.past.length > 0);
  const canRedo = useDesigner((s) => s.future.length > 0);
  const busy = useDesigner((s) => s.busy);
  const problemCount = useDesigner((s) => s.errors.length);

  const previous = meta ? versions.filter((v) => v.version < meta.version).at(-1) : undefined;
  const draft = versions.find((v) => !v.isPublished && !v.publishedAt);
  const editingOld =
    meta && (meta.isPublished || meta.publishedAt)
      ? draft
        ? `Sparar du ersätts utkastet (version ${draft.version}).`
        : `Sparar du blir ändringarna ett nytt utkast (version ${Math.max(...versions.map((v) => v.version), meta.version) + 1}).`
      : null;
  useDocumentTitle(`${name ?? definitionId}${meta ? ` v${meta.version}` : ''}${dirty ? ' (ändrad)' : ''}`);

  return (
    <div className="designer-header">
      <div className="designer-title">
        <h1 id="designer-title">
          {name ?? definitionId}
          <span className="muted"> · {definitionId}</span>
        </h1>
        <div className="version-row">
          <label htmlFor="version-select">Version</label>
          <select id="version-select" value={meta?.version ?? ''} onChange={(e) => navigate(`/definitions/${encodeURIComponent(definitionId)}?version=${e.target.value}`)}>
            {versions.map((v) => (
              <option key={v.version} value={v.version}>
                {v.version} – {versionLabel(v)}
              </option>
            ))}
          </select>
          {meta && <span className={`badge badge-${meta.isPublished ? 'published' : meta.publishedAt ? 'retracted' : 'draft'}`}>{versionLabel(meta)}</span>}
          {dirty && <span className="badge badge-dirty">Osparade ändringar</span>}
          {dirty && editingOld && <span className="muted small">{editingOld}</span>}
        </div>
      </div>
      <div className="toolbar" role="toolbar" aria-label="Arbetsflöde">
        <button type="button" onClick={() => store.getState().undo()} disabled={!canUndo} aria-keyshortcuts="Control+Z">
          Ångra
        </button>
        <button type="button" onClick={() => store.getState().redo()} disabled={!canRedo} aria-keyshortcuts="Control+Y">
          Gör om
        </button>
        <button type="button" onClick={() => void actions.relayout()}>
          Autolayout
        </button>
        <button type="button" onClick={() => store.getState().openDialog('goto')} aria-keyshortcuts="G">
          Gå till aktivitet…
        </button>
        <button type="button" onClick={() => void actions.save()} disabled={busy !== null} aria-keyshortcuts="Control+S">
          Spara utkast
        </button>
        <button type="button" className="primary" onClick={actions.askToPublish} disabled={busy !== null} aria-describedby="publish-state">
          Publicera…
        </button>
        <span id="publish-state" className="visually-hidden">
          {problemCount ? `${problemCount} problem hindrar publicering.` : 'Inga kända problem.'}
        </span>
        {meta?.isPublished && !dirty && (
          <button type="button" onClick={() => void actions.retract()}>
            Dra tillbaka
          </button>
        )}
        <button type="button" onClick={() => void actions.exportCurrent()}>
          Exportera
        </button>
        {previous && meta && (
          <Link className="button" to={`/definitions/${encodeURIComponent(definitionId)}/compare?from=${previous.version}&to=${meta.version}`}>
            Jämför med v{previous.version}
          </Link>
        )}
        <button type="button" onClick={() => store.getState().openDialog('help')} aria-keyshortcuts="?">
          Kortkommandon
        </button>
      </div>
    </div>
  );
}
