import { useEffect, useMemo, useRef, useState } from 'react';

export interface ConnectTarget {
  id: string;
  label: string;
  typeName: string;
}

interface ConnectDialogProps {
  sourceLabel: string;
  ports: { name: string; connectedTo: string[] }[];
  targets: ConnectTarget[];
  onConnect: (port: string, targetId: string) => void;
  onCancel: () => void;
  onActiveTarget: (id: string | null) => void;
}

/**
 * Creating a connection without a mouse: choose the outcome port (arrow keys or its number),
 * Enter, then type or arrow to the target activity, Enter. Escape cancels.
 */
export function ConnectDialog({ sourceLabel, ports, targets, onConnect, onCancel, onActiveTarget }: ConnectDialogProps) {
  const firstFree = Math.max(0, ports.findIndex((p) => p.connectedTo.length === 0));
  const [port, setPort] = useState(ports[firstFree]?.name ?? '');
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const portRef = useRef<HTMLSelectElement>(null);
  const targetRef = useRef<HTMLInputElement>(null);
  const dialogRef = useRef<HTMLDivElement>(null);

  const matches = useMemo(() => {
    const q = query.trim().toLowerCase();
    return q ? targets.filter((t) => t.label.toLowerCase().includes(q) || t.id.toLowerCase().includes(q) || t.typeName.toLowerCase().includes(q)) : targets;
  }, [targets, query]);
  const activeTarget = matches[Math.min(active, matches.length - 1)] ?? null;

  useEffect(() => {
    portRef.current?.focus();
  }, []);
  useEffect(() => {
    onActiveTarget(activeTarget?.id ?? null);
  }, [activeTarget, onActiveTarget]);
  useEffect(() => () => onActiveTarget(null), [onActiveTarget]);

  const submit = () => {
    if (port && activeTarget) onConnect(port, activeTarget.id);
  };

  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onCancel()}>
      <div
        ref={dialogRef}
        className="dialog connect-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="connect-title"
        aria-describedby="connect-help"
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            onCancel();
          }
          if (e.key === 'Tab') trapFocus(e, dialogRef.current);
        }}
      >
        <h2 id="connect-title">Ny koppling från {sourceLabel}</h2>
        <p id="connect-help" className="hint">
          Välj utgång med piltangenterna (eller siffran), tryck Enter, skriv eller pila fram målet och tryck Enter. Esc avbryter.
        </p>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <label htmlFor="connect-port">Utgång</label>
          <select
            id="connect-port"
            ref={portRef}
            value={port}
            onChange={(e) => setPort(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                targetRef.current?.focus();
              } else if (/^[1-9]$/.test(e.key) && ports[+e.key - 1]) {
                e.preventDefault();
                setPort(ports[+e.key - 1].name);
                targetRef.current?.focus();
              }
            }}
          >
            {ports.map((p, i) => (
              <option key={p.name} value={p.name}>
                {i + 1}. {p.name}
                {p.connectedTo.length ? ` (kopplad till ${p.connectedTo.join(', ')})` : ' (ledig)'}
              </option>
            ))}
          </select>

          <label htmlFor="connect-target">Till aktivitet</label>
          <input
            id="connect-target"
            ref={targetRef}
            type="text"
            role="combobox"
            aria-expanded="true"
            aria-controls="connect-targets"
            aria-autocomplete="list"
            aria-activedescendant={activeTarget ? `connect-opt-${activeTarget.id}` : undefined}
            autoComplete="off"
            value={query}
            onChange={(e) => {
              setQuery(e.target.value);
              setActive(0);
            }}
            onKeyDown={(e) => {
              if (e.key === 'ArrowDown') {
                e.preventDefault();
                setActive((a) => Math.min(a + 1, matches.length - 1));
              } else if (e.key === 'ArrowUp') {
                e.preventDefault();
                setActive((a) => Math.max(a - 1, 0));
              } else if (e.key === 'Home' && e.ctrlKey) {
                setActive(0);
              }
            }}
          />
          <ul id="connect-targets" role="listbox" aria-label="Möjliga mål" className="connect-targets">
            {matches.map((t, i) => (
              <li
                key={t.id}
                id={`connect-opt-${t.id}`}
                role="option"
                aria-selected={t === activeTarget}
                className={t === activeTarget ? 'is-active' : undefined}
                onMouseDown={(e) => {
                  e.preventDefault();
                  setActive(i);
                }}
                onDoubleClick={() => onConnect(port, t.id)}
              >
                {t.label} <span className="muted">({t.typeName})</span>
              </li>
            ))}
            {matches.length === 0 && <li className="muted">Ingen aktivitet matchar.</li>}
          </ul>
          <p className="visually-hidden" aria-live="polite">
            {activeTarget ? `Mål: ${activeTarget.label}. ${matches.length} träffar.` : 'Inga träffar.'}
          </p>
          <div className="dialog-buttons">
            <button type="submit" className="primary" disabled={!activeTarget || !port}>
              Koppla
            </button>
            <button type="button" onClick={onCancel}>
              Avbryt
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}

export function trapFocus(e: React.KeyboardEvent, container: HTMLElement | null) {
  if (!container) return;
  const focusable = [...container.querySelectorAll<HTMLElement>('button:not([disabled]), input, select, textarea, [tabindex="0"], a[href]')];
  if (focusable.length === 0) return;
  const first = focusable[0];
  const last = focusable[focusable.length - 1];
  if (e.shiftKey && document.activeElement === first) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && document.activeElement === last) {
    e.preventDefault();
    first.focus();
  }
}
