import { useEffect, useRef, type ReactNode } from 'react';
import './Dialog.css';

interface DialogProps {
  titleId: string;
  describedBy?: string;
  className?: string;
  onClose: () => void;
  /** The element to focus when the dialog opens (default: the first field or button). */
  initialFocus?: React.RefObject<HTMLElement | null>;
  children: ReactNode;
}

/**
 * A modal dialog: focus moves in and stays in (Tab wraps), Escape or a click beside it closes it, and
 * focus goes back to where it was.
 */
export function Dialog({ titleId, describedBy, className, onClose, initialFocus, children }: DialogProps) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    (initialFocus?.current ?? focusables(ref.current)[0])?.focus();
    return () => {
      if (previous?.isConnected) previous.focus();
    };
    // Only when the dialog opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        ref={ref}
        className={`dialog${className ? ` ${className}` : ''}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={describedBy}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            onClose();
          }
          if (e.key === 'Tab') trapFocus(e, ref.current);
        }}
      >
        {children}
      </div>
    </div>
  );
}

function focusables(container: HTMLElement | null): HTMLElement[] {
  if (!container) return [];
  return [...container.querySelectorAll<HTMLElement>('button:not([disabled]), input:not([disabled]), select, textarea, [tabindex="0"], a[href], .cm-content')];
}

export function trapFocus(e: React.KeyboardEvent, container: HTMLElement | null) {
  const list = focusables(container);
  if (list.length === 0) return;
  const first = list[0];
  const last = list[list.length - 1];
  if (e.shiftKey && document.activeElement === first) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && document.activeElement === last) {
    e.preventDefault();
    first.focus();
  }
}
