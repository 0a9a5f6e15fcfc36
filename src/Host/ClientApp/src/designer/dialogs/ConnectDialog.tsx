import { useEffect, useMemo, useRef, useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { findActivities } from '../../model/navigation';
import './ConnectDialog.css';

export interface ActivityChoice {
  id: string;
  label: string;
  typeName: string;
}

interface ConnectDialogProps {
  sourceLabel: string;
  ports: { name: string; connectedTo: string[] }[];
  targets: ActivityChoice[];
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

  const matches = useMemo(() => findActivities(targets, query), [targets, query]);
  const activeTarget = matches[Math.min(active, matches.length - 1)] ?? null;

  useEffect(() => {
    onActiveTarget(activeTarget?.id ?? null);
  }, [activeTarget, onActiveTarget]);
  useEffect(() => () => onActiveTarget(null), [onActiveTarget]);

  const submit = () => {
    if (port && activeTarget) onConnect(port, activeTarget.id);
  };

  return (
    <Dialog titleId="connect-title" describedBy="connect-help" className="connect-dialog" onClose={onCancel} initialFocus={portRef}>
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
        <ActivityCombobox
          id="connect-target"
          inputRef={targetRef}
          listLabel="Möjliga mål"
          query={query}
          matches={matches}
          active={activeTarget}
          onQuery={(q) => {
            setQuery(q);
            setActive(0);
          }}
          onActive={setActive}
          onChoose={(t) => onConnect(port, t.id)}
        />
        <div className="dialog-buttons">
          <button type="submit" className="primary" disabled={!activeTarget || !port}>
            Koppla
          </button>
          <button type="button" onClick={onCancel}>
            Avbryt
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** A text field that filters activities by name, with the matches as a listbox the arrow keys move through. */
export function ActivityCombobox({
  id,
  inputRef,
  listLabel,
  query,
  matches,
  active,
  onQuery,
  onActive,
  onChoose,
}: {
  id: string;
  inputRef: React.RefObject<HTMLInputElement | null>;
  listLabel: string;
  query: string;
  matches: ActivityChoice[];
  active: ActivityChoice | null;
  onQuery: (q: string) => void;
  onActive: (index: number) => void;
  onChoose: (choice: ActivityChoice) => void;
}) {
  const index = active ? matches.indexOf(active) : -1;
  const listId = `${id}-list`;
  return (
    <>
      <input
        id={id}
        ref={inputRef}
        type="text"
        role="combobox"
        aria-expanded="true"
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={active ? `${id}-opt-${active.id}` : undefined}
        autoComplete="off"
        value={query}
        onChange={(e) => onQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            onActive(Math.min(index + 1, matches.length - 1));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            onActive(Math.max(index - 1, 0));
          }
        }}
      />
      <ul id={listId} role="listbox" aria-label={listLabel} className="connect-targets">
        {matches.map((t, i) => (
          <li
            key={t.id}
            id={`${id}-opt-${t.id}`}
            role="option"
            aria-selected={t === active}
            className={t === active ? 'is-active' : undefined}
            onMouseDown={(e) => {
              e.preventDefault();
              onActive(i);
            }}
            onDoubleClick={() => onChoose(t)}
          >
            {t.label} <span className="muted">({t.typeName})</span>
          </li>
        ))}
        {matches.length === 0 && <li className="muted">Ingen aktivitet matchar.</li>}
      </ul>
      <p className="visually-hidden" aria-live="polite">
        {active ? `${active.label}. ${matches.length} träffar.` : 'Inga träffar.'}
      </p>
    </>
  );
}
