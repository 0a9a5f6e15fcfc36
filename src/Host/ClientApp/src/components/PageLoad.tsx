import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { errorText } from '../api/client';

export type PageLoad = { status: 'loading' } | { status: 'failed'; error: string };

/** Where a page's queries stand: the first failure, else loading while any is pending; null when all are in. */
export function pageLoad(...queries: { isPending: boolean; error: unknown }[]): PageLoad | null {
  const failed = queries.find((q) => q.error);
  if (failed) return { status: 'failed', error: errorText(failed.error) };
  return queries.some((q) => q.isPending) ? { status: 'loading' } : null;
}

/** What a page shows until its data is in: a status line, or what went wrong and a way back. */
export function PageLoadStatus({ state, loading, failed, back }: { state: PageLoad; loading: ReactNode; failed: ReactNode; back: { to: string; text: string } }) {
  if (state.status === 'failed')
    return (
      <main id="main" className="page">
        <h1>{failed}</h1>
        <p role="alert" className="error-banner">
          {state.error}
        </p>
        <p>
          <Link to={back.to}>{back.text}</Link>
        </p>
      </main>
    );
  return (
    <main id="main" className="page">
      <p role="status">{loading}</p>
    </main>
  );
}
