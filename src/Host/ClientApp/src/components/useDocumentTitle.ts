import { useEffect } from 'react';

/** Sets the browser tab's title, with the designer's name after it. */
export function useDocumentTitle(title: string) {
  useEffect(() => {
    document.title = `${title} – Processdesigner`;
  }, [title]);
}
