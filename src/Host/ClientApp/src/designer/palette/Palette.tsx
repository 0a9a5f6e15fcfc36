import { useMemo, useState } from 'react';
import type { ActivityDescriptor } from '../../api/types';
import { categoryName } from '../../model/definition';
import './Palette.css';

export const activityDragType = 'application/x-kundportal-activity';

interface PaletteProps {
  descriptors: ActivityDescriptor[];
  onAdd: (descriptor: ActivityDescriptor) => void;
  searchRef?: React.Ref<HTMLInputElement>;
}

const optionId = (d: ActivityDescriptor) => `palette-opt-${d.typeName.replace(/\W/g, '-')}`;

/**
 * Activities grouped by category. One Tab stop: the search field; the arrow keys move through the
 * (filtered) list and Enter adds the chosen activity. A click adds one too, dragging drops it where wanted.
 */
export function Palette({ descriptors, onAdd, searchRef }: PaletteProps) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(-1);
  const groups = useMemo(() => {
    const q = query.trim().toLowerCase();
    const hits = descriptors.filter(
      (d) =>
        d.typeName !== 'Elsa.Flowchart' &&
        (!q || [d.displayName, d.typeName, d.description, categoryName(d.category), d.category].some((t) => t?.toLowerCase().includes(q))),
    );
    const byCategory = new Map<string, ActivityDescriptor[]>();
    for (const d of hits) byCategory.set(d.category, [...(byCategory.get(d.category) ?? []), d]);
    return [...byCategory.entries()]
      .map(([category, items]) => ({ category, items: items.sort((a, b) => a.displayName.localeCompare(b.displayName, 'sv')) }))
      .sort((a, b) => categoryName(a.category).localeCompare(categoryName(b.category), 'sv'));
  }, [descriptors, query]);
  const flat = useMemo(() => groups.flatMap((g) => g.items), [groups]);
  const count = flat.length;
  const current = flat[active] ?? (count === 1 ? flat[0] : undefined);

  const move = (to: number) => {
    if (count === 0) return;
    const next = Math.max(0, Math.min(count - 1, to));
    setActive(next);
    document.getElementById(optionId(flat[next]))?.scrollIntoView({ block: 'nearest' });
  };

  return (
    <nav className="palette" aria-label="Aktiviteter att lägga till">
      <h2 className="panel-heading">Aktiviteter</h2>
      <label className="visually-hidden" htmlFor="palette-search">
        Sök aktivitet
      </label>
      <input
        id="palette-search"
        ref={searchRef}
        type="search"
        role="combobox"
        aria-expanded="true"
        aria-controls="palette-list"
        aria-autocomplete="list"
        aria-activedescendant={current ? optionId(current) : undefined}
        aria-describedby="palette-count"
        placeholder="Sök aktivitet…"
        autoComplete="off"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(-1);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') move(active + 1);
          else if (e.key === 'ArrowUp') move(active - 1);
          else if (e.key === 'Home' && e.ctrlKey) move(0);
          else if (e.key === 'End' && e.ctrlKey) move(count - 1);
          else if (e.key === 'Enter' && current) onAdd(current);
          else return;
          e.preventDefault();
        }}
      />
      <p id="palette-count" className="palette-count" aria-live="polite">
        {count} {count === 1 ? 'aktivitet' : 'aktiviteter'}
        {current ? ` – Enter lägger till ${current.displayName}` : ' – pil ned väljer'}
      </p>
      <ul id="palette-list" role="listbox" aria-label="Aktiviteter" className="palette-groups">
        {groups.map((g) => (
          <li key={g.category} role="presentation">
            <ul role="group" aria-labelledby={`palette-group-${g.category}`}>
              <li role="presentation" id={`palette-group-${g.category}`} className="palette-group-name">
                {categoryName(g.category)} <span className="palette-group-count">({g.items.length})</span>
              </li>
              {g.items.map((d) => (
                <li
                  key={d.typeName}
                  id={optionId(d)}
                  role="option"
                  aria-selected={d === current}
                  className={`palette-item${d === current ? ' is-active' : ''}`}
                  draggable
                  data-type={d.typeName}
                  title={d.description}
                  onClick={() => {
                    setActive(flat.indexOf(d));
                    onAdd(d);
                  }}
                  onDragStart={(e) => {
                    e.dataTransfer.setData(activityDragType, d.typeName);
                    e.dataTransfer.effectAllowed = 'copy';
                  }}
                >
                  <span className="palette-item-name">{d.displayName}</span>
                  <span className="palette-item-type">{d.typeName}</span>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </nav>
  );
}
