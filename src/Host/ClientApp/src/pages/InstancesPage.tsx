import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { errorText } from '../api/client';
import { useInstances } from '../api/queries';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { formatTime } from '../model/definition';
import { statusText } from '../model/instance';
import './InstancesPage.css';

/** Recent instances, filtered by definition and status; each opens read-only. */
export default function InstancesPage() {
  useDocumentTitle('Instanser');
  const [query] = useSearchParams();
  const navigate = useNavigate();
  const definitionId = query.get('definitionId') ?? '';
  const status = query.get('status') ?? '';
  const page = Math.max(0, +(query.get('page') ?? 0) || 0);
  const instances = useInstances({ definitionId: definitionId || undefined, status: status || undefined, page, pageSize: 25 });
  const items = instances.data?.items ?? null;
  const total = instances.data?.totalCount ?? 0;
  const error = instances.error ? errorText(instances.error) : null;

  const go = (params: Record<string, string | number>) => {
    const q = new URLSearchParams({ definitionId, status, page: String(page), ...Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])) });
    for (const [k, v] of [...q.entries()]) if (!v || (k === 'page' && v === '0')) q.delete(k);
    navigate(`/instances${q.toString() ? `?${q}` : ''}`);
  };

  return (
    <main id="main" className="page">
      <h1>Instanser{definitionId ? ` av ${definitionId}` : ''}</h1>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label htmlFor="filter-definition">Definitions-id</label>
        <input id="filter-definition" type="text" defaultValue={definitionId} onBlur={(e) => e.target.value !== definitionId && go({ definitionId: e.target.value, page: 0 })} />
        <label htmlFor="filter-status">Status</label>
        <select id="filter-status" value={status} onChange={(e) => go({ status: e.target.value, page: 0 })}>
          <option value="">Alla</option>
          <option value="Running">Pågår</option>
          <option value="Finished">Avslutade</option>
        </select>
      </form>
      {error && (
        <p className="error-banner" role="alert">
          {error}
        </p>
      )}
      {items === null && !error && <p role="status">Hämtar instanser…</p>}
      {items && items.length === 0 && <p>Inga instanser.</p>}
      {items && items.length > 0 && (
        <table className="versions-table">
          <caption className="visually-hidden">Instanser</caption>
          <thead>
            <tr>
              <th scope="col">Instans</th>
              <th scope="col">Arbetsflöde</th>
              <th scope="col">Status</th>
              <th scope="col">Väntar vid</th>
              <th scope="col">Ärende</th>
              <th scope="col">Startad</th>
              <th scope="col">Senast ändrad</th>
            </tr>
          </thead>
          <tbody>
            {items.map((i) => (
              <tr key={i.id}>
                <th scope="row">
                  <Link to={`/instances/${i.id}`}>{i.id.slice(0, 8)}…</Link>
                </th>
                <td>
                  {i.definitionId} v{i.version}
                </td>
                <td>
                  {statusText[i.status] ?? i.status} · {statusText[i.subStatus] ?? i.subStatus}
                  {i.incidentCount > 0 && ` · ${i.incidentCount} fel`}
                </td>
                <td>{i.waitingAt.join(', ') || '–'}</td>
                <td>{i.correlationId ?? '–'}</td>
                <td>{formatTime(i.createdAt)}</td>
                <td>{formatTime(i.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {total > 25 && (
        <nav aria-label="Sidor" className="pager">
          <button type="button" disabled={page === 0} onClick={() => go({ page: page - 1 })}>
            Föregående sida
          </button>
          <span>
            Sida {page + 1} av {Math.ceil(total / 25)}
          </span>
          <button type="button" disabled={(page + 1) * 25 >= total} onClick={() => go({ page: page + 1 })}>
            Nästa sida
          </button>
        </nav>
      )}
    </main>
  );
}
