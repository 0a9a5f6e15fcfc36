import { useEffect, useState, type AnchorHTMLAttributes } from 'react';

// A few routes under /designer; the host answers every one of them with index.html.

export const base = '/designer';

function current() {
  const path = window.location.pathname.startsWith(base) ? window.location.pathname.slice(base.length) || '/' : '/';
  return { path: path.length > 1 ? path.replace(/\/$/, '') : path, query: new URLSearchParams(window.location.search) };
}

export function useRoute() {
  const [route, setRoute] = useState(current);
  useEffect(() => {
    const update = () => setRoute(current());
    window.addEventListener('popstate', update);
    window.addEventListener('designer:navigate', update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener('designer:navigate', update);
    };
  }, []);
  return route;
}

export function href(to: string): string {
  return base + (to.startsWith('/') ? to : `/${to}`);
}

export function navigate(to: string, options: { replace?: boolean } = {}) {
  const url = href(to);
  if (options.replace) window.history.replaceState(null, '', url);
  else window.history.pushState(null, '', url);
  window.dispatchEvent(new Event('designer:navigate'));
}

/** Leaves the page: asked first by a page with unsaved changes. */
let guard: (() => boolean) | null = null;
export function setNavigationGuard(g: (() => boolean) | null) {
  guard = g;
}

export function Link({ to, children, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { to: string }) {
  return (
    <a
      {...rest}
      href={href(to)}
      onClick={(e) => {
        rest.onClick?.(e);
        if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        if (guard && !guard()) return;
        navigate(to);
      }}
    >
      {children}
    </a>
  );
}

const flashKey = 'designer-flash';

/** A message for the next page (shown once), e.g. the result of an import that opens the imported definition. */
export function flash(text: string) {
  try {
    sessionStorage.setItem(flashKey, text);
  } catch {
    // Without storage the message is simply not carried over.
  }
}

export function takeFlash(): string | null {
  try {
    const text = sessionStorage.getItem(flashKey);
    sessionStorage.removeItem(flashKey);
    return text;
  } catch {
    return null;
  }
}
