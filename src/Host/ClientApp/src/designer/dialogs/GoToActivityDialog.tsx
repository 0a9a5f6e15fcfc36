import { useMemo, useRef, useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { findActivities } from '../../model/navigation';
import { ActivityCombobox, type ActivityChoice } from './ConnectDialog';
import './ConnectDialog.css';

/** "Gå till aktivitet": type part of a name, Enter selects that activity on the canvas and focuses it. */
export function GoToActivityDialog({ activities, onGo, onCancel }: { activities: ActivityChoice[]; onGo: (id: string) => void; onCancel: () => void }) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);
  const matches = useMemo(() => findActivities(activities, query), [activities, query]);
  const current = matches[Math.min(active, matches.length - 1)] ?? null;
  return (
    <Dialog titleId="goto-title" describedBy="goto-help" onClose={onCancel} initialFocus={inputRef}>
      <h2 id="goto-title">Gå till aktivitet</h2>
      <p id="goto-help" className="hint">
        Skriv en del av namnet, välj med piltangenterna och tryck Enter. Esc stänger.
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (current) onGo(current.id);
        }}
      >
        <label htmlFor="goto-activity">Aktivitet</label>
        <ActivityCombobox
          id="goto-activity"
          inputRef={inputRef}
          listLabel="Aktiviteter"
          query={query}
          matches={matches}
          active={current}
          onQuery={(q) => {
            setQuery(q);
            setActive(0);
          }}
          onActive={setActive}
          onChoose={(t) => onGo(t.id)}
        />
        <div className="dialog-buttons">
          <button type="submit" className="primary" disabled={!current}>
            Gå dit
          </button>
          <button type="button" onClick={onCancel}>
            Avbryt
          </button>
        </div>
      </form>
    </Dialog>
  );
}
