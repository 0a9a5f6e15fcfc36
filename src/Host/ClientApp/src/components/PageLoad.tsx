import { useEffect, useState, type DependencyList, type ReactNode } from 'react';
import { errorText } from '../api/client';
import { Link } from '../router';

export type PageLoad<T> = { status: 'loading' } | { status: 'failed'; error: string } | { status: 'ready'; data: T };

/** Runs `load` when the page opens (and again when `deps` change); an answer that comes after the page was left is dropped. */
export function usePageLoad<T>(load: () => Promise<T>, deps: DependencyList): PageLoad<T> {
  const [state, setState] = useState<PageLoad<T>>({ status: 'loading' });
  useEffect(() => {
    let cancelled = false;
    load().then(
      (data) => {
        if (!cancelled) setState({ status: 'ready', data });
      },
      (e: unknown) => {
        if (!cancelled) setState({ status: 'failed', error: errorText(e) });
      },
    );
    return () => {
      cancelled = true;
    };
    // `load` is a new function each render; `deps` say when it loads something else.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return state;
}

/** What a page shows until its data is in: a status line, or what went wrong and a way back. */
export function PageLoadStatus({
  state,
  loading,
  failed,
  back,
}: {
  state: Exclude<PageLoad<unknown>, { status: 'ready' }>;
  loading: ReactNode;
  failed: ReactNode;
  back: { to: string; text: string };
}) {
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
