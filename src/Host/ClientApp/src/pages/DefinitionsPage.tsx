import { useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { downloadExport, errorText } from '../api/client';
import { useDefinitionList, useDefinitionMutations } from '../api/queries';
import type { DefinitionSummary } from '../api/types';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { flash } from '../flash';
import { formatTime, versionLabel } from '../model/definition';
import './DefinitionsPage.css';

/** Every definition with its versions: draft / published / latest, who and when. Import and export live here. */
export function DefinitionsPage() {
  useDocumentTitle('Arbetsflöden');
  const list = useDefinitionList();
  const mutations = useDefinitionMutations();
  const navigate = useNavigate();
  const [status, setStatus] = useState('');
  const fileRef = useRef<HTMLInputElement>(null);
  const rows = list.data ?? null;
  const error = list.error ? errorText(list.error) : null;

  const importFile = async (file: File) => {
    setStatus(`Importerar ${file.name}…`);
    try {
      const saved = await mutations.import.mutateAsync(await file.text());
      const d = saved.definition;
      const text = saved.changed
        ? `Importerade ${d.name} som version ${d.version}${d.isPublished ? ' (publicerad)' : ' (utkast)'}.${saved.isValid ? '' : ` ${saved.errors.length} problem att rätta.`}`
        : `Innehållet finns redan som version ${d.version} av ${d.name}; inget ändrades.`;
      setStatus(text);
      flash(text);
      navigate(`/definitions/${encodeURIComponent(d.definitionId)}?version=${d.version}`);
    } catch (e) {
      setStatus(`Importen misslyckades: ${errorText(e)}`);
    } finally {
      if (fileRef.current) fileRef.current.value = '';
    }
  };

  const exportVersion = async (d: DefinitionSummary) => {
    try {
      const name = await downloadExport(d.definitionId, d.version);
      setStatus(`Version ${d.version} av ${d.name} exporterad som ${name}.`);
    } catch (e) {
      setStatus(`Exporten misslyckades: ${errorText(e)}`);
    }
  };

  const retract = async (d: DefinitionSummary) => {
    if (!window.confirm(`Dra tillbaka version ${d.version} av ${d.name}? Nya instanser startar då inte på den; pågående fortsätter.`)) return;
    try {
      await mutations.retract.mutateAsync({ definitionId: d.definitionId, version: d.version });
      setStatus(`Version ${d.version} av ${d.name} är indragen.`);
    } catch (e) {
      setStatus(`Kunde inte dra tillbaka: ${errorText(e)}`);
    }
  };

  return (
    <main id="main" className="page">
      <div className="page-title-row">
        <h1>Arbetsflöden</h1>
        <div className="toolbar">
          <label className="button" htmlFor="import-file">
            Importera Elsa-JSON…
          </label>
          <input
            id="import-file"
            ref={fileRef}
            className="visually-hidden"
            type="file"
            accept=".json,application/json"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) void importFile(file);
            }}
          />
        </div>
      </div>
      <p className="status" role="status" aria-live="polite">
        {status}
      </p>
      {error && (
        <p className="error-banner" role="alert">
          Kunde inte hämta arbetsflödena: {error}
        </p>
      )}
      {rows === null && !error && <p role="status">Laddar arbetsflöden…</p>}
      {rows?.length === 0 && <p>Det finns inga arbetsflöden ännu. Importera en Elsa 3-fil för att börja.</p>}
      {rows?.map(({ latest, versions }) => (
        <section key={latest.definitionId} className="definition-card" aria-labelledby={`def-${latest.definitionId}`}>
          <h2 id={`def-${latest.definitionId}`}>
            <Link to={`/definitions/${encodeURIComponent(latest.definitionId)}`}>{latest.name}</Link>{' '}
            <span className="muted">({latest.definitionId})</span>
          </h2>
          {latest.description && <p>{latest.description}</p>}
          <table className="versions-table">
            <caption className="visually-hidden">Versioner av {latest.name}</caption>
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Status</th>
                <th scope="col">Skapad</th>
                <th scope="col">Publicerad</th>
                <th scope="col">Åtgärder</th>
              </tr>
            </thead>
            <tbody>
              {(versions ?? [latest])
                .slice()
                .reverse()
                .map((v, i, all) => (
                  <tr key={v.version} data-version={v.version}>
                    <th scope="row">{v.version}</th>
                    <td>
                      <span className={`badge badge-${v.isPublished ? 'published' : v.publishedAt ? 'retracted' : 'draft'}`}>{versionLabel(v)}</span>
                      {v.isLatest && !v.isPublished && <span className="badge badge-latest">Senaste</span>}
                    </td>
                    <td>
                      {formatTime(v.createdAt)}
                      {v.createdBy && <span className="muted"> av {v.createdBy}</span>}
                    </td>
                    <td>
                      {v.publishedAt ? formatTime(v.publishedAt) : '–'}
                      {v.publishedBy && <span className="muted"> av {v.publishedBy}</span>}
                    </td>
                    <td>
                      <div className="actions">
                      <Link to={`/definitions/${encodeURIComponent(v.definitionId)}?version=${v.version}`} aria-label={`Öppna version ${v.version}`}>
                        Öppna
                      </Link>
                      {i < all.length - 1 && (
                        <Link to={`/definitions/${encodeURIComponent(v.definitionId)}/compare?from=${all[i + 1].version}&to=${v.version}`}>
                          Jämför med {all[i + 1].version}
                          <span className="visually-hidden">
                            {' '}
                            (version {all[i + 1].version} och {v.version})
                          </span>
                        </Link>
                      )}
                      <button type="button" className="link-button" onClick={() => void exportVersion(v)} aria-label={`Exportera version ${v.version}`}>
                        Exportera
                      </button>
                      {v.isPublished && (
                        <button type="button" className="link-button" onClick={() => void retract(v)} aria-label={`Dra tillbaka version ${v.version}`}>
                          Dra tillbaka
                        </button>
                      )}
                      </div>
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
          <p>
            <Link to={`/instances?definitionId=${encodeURIComponent(latest.definitionId)}`}>Visa instanser av {latest.name}</Link>
          </p>
        </section>
      ))}
    </main>
  );
}
