import { lazy, Suspense, useEffect } from 'react';
import { Link, useRoute } from './router';
import { DefinitionsPage } from './pages/DefinitionsPage';
import { DesignerPage } from './pages/DesignerPage';

const ComparePage = lazy(() => import('./pages/ComparePage'));
const InstancePage = lazy(() => import('./pages/InstancePage'));
const InstancesPage = lazy(() => import('./pages/InstancesPage'));

export function App() {
  const { path, query } = useRoute();
  let page: React.ReactNode;
  let m: RegExpExecArray | null;
  if (path === '/') page = <DefinitionsPage />;
  else if ((m = /^\/definitions\/([^/]+)\/compare$/.exec(path)))
    page = <ComparePage key={path + query} definitionId={decodeURIComponent(m[1])} from={query.get('from')} to={query.get('to')} />;
  else if ((m = /^\/definitions\/([^/]+)$/.exec(path)))
    page = <DesignerPage key={path + (query.get('version') ?? '')} definitionId={decodeURIComponent(m[1])} version={query.get('version')} />;
  else if (path === '/instances') page = <InstancesPage />;
  else if ((m = /^\/instances\/([^/]+)$/.exec(path))) page = <InstancePage key={path} instanceId={decodeURIComponent(m[1])} />;
  else page = <NotFound />;

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Hoppa till innehållet
      </a>
      <header className="app-header">
        <span className="app-name">Kundportalen · Processdesigner</span>
        <nav aria-label="Huvudmeny">
          <ul>
            <li>
              <Link to="/" aria-current={path === '/' ? 'page' : undefined}>
                Arbetsflöden
              </Link>
            </li>
            <li>
              <Link to="/instances" aria-current={path.startsWith('/instances') ? 'page' : undefined}>
                Instanser
              </Link>
            </li>
          </ul>
        </nav>
      </header>
      <Suspense fallback={<main id="main" className="page"><p role="status">Laddar…</p></main>}>{page}</Suspense>
    </div>
  );
}

function NotFound() {
  useEffect(() => {
    document.title = 'Sidan finns inte – Processdesigner';
  }, []);
  return (
    <main id="main" className="page">
      <h1>Sidan finns inte</h1>
      <p>
        <Link to="/">Till arbetsflödena</Link>
      </p>
    </main>
  );
}
