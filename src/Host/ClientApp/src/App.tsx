import { Suspense, useEffect } from 'react';
import { Link, Outlet, useLocation, useMatch } from 'react-router-dom';
import './App.css';

/** Every page: skip links, the header with the main menu, and the page itself. */
export function App() {
  const { pathname } = useLocation();
  const designer = useMatch('/definitions/:definitionId');
  return (
    <div className="app">
      {designer && (
        <a
          className="skip-link"
          href="#canvas"
          onClick={(e) => {
            // Focus the canvas itself (the router would otherwise treat the fragment as a navigation).
            e.preventDefault();
            document.getElementById('canvas')?.focus();
          }}
        >
          Hoppa till ritytan
        </a>
      )}
      <a
        className="skip-link"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          const main = document.getElementById('main');
          main?.setAttribute('tabindex', '-1');
          main?.focus();
        }}
      >
        Hoppa till innehållet
      </a>
      <header className="app-header">
        <span className="app-name">Kundportalen · Processdesigner</span>
        <nav aria-label="Huvudmeny">
          <ul>
            <li>
              <Link to="/" aria-current={pathname === '/' ? 'page' : undefined}>
                Arbetsflöden
              </Link>
            </li>
            <li>
              <Link to="/instances" aria-current={pathname.startsWith('/instances') ? 'page' : undefined}>
                Instanser
              </Link>
            </li>
          </ul>
        </nav>
      </header>
      <Suspense
        fallback={
          <main id="main" className="page">
            <p role="status">Laddar…</p>
          </main>
        }
      >
        <Outlet />
      </Suspense>
    </div>
  );
}

export function NotFound() {
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
