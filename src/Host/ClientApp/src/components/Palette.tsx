import { forwardRef, useMemo, useState } from 'react';
import type { ActivityDescriptor } from '../api/types';
import { categoryName } from '../model/definition';

export const activityDragType = 'application/x-kundportal-activity';

interface PaletteProps {
  descriptors: ActivityDescriptor[];
  onAdd: (descriptor: ActivityDescriptor) => void;
}

/** Activities grouped by category and searchable; Enter or a click adds one, dragging drops it where wanted. */
export const Palette = forwardRef<HTMLInputElement, PaletteProps>(function Palette({ descriptors, onAdd }, searchRef) {
  const [query, setQuery] = useState('');
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
  const count = groups.reduce((n, g) => n + g.items.length, 0);

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
        placeholder="Sök aktivitet…"
        value={query}
        aria-describedby="palette-count"
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && count === 1) onAdd(groups[0].items[0]);
        }}
      />
      <p id="palette-count" className="palette-count" aria-live="polite">
        {count} {count === 1 ? 'aktivitet' : 'aktiviteter'}
        {count === 1 ? ' – Enter lägger till den' : ''}
      </p>
      <div className="palette-groups">
        {groups.map((g) => (
          <details key={g.category} open>
            <summary>
              {categoryName(g.category)} <span className="palette-group-count">({g.items.length})</span>
            </summary>
            <ul>
              {g.items.map((d) => (
                <li key={d.typeName}>
                  <button
                    type="button"
                    className="palette-item"
                    draggable
                    data-type={d.typeName}
                    aria-describedby={`pal-desc-${d.typeName.replace(/\W/g, '-')}`}
                    onClick={() => onAdd(d)}
                    onDragStart={(e) => {
                      e.dataTransfer.setData(activityDragType, d.typeName);
                      e.dataTransfer.effectAllowed = 'copy';
                    }}
                  >
                    <span className="palette-item-name">{d.displayName}</span>
                    <span className="palette-item-type">{d.typeName}</span>
                  </button>
                  <span className="visually-hidden" id={`pal-desc-${d.typeName.replace(/\W/g, '-')}`}>
                    {d.description}
                  </span>
                </li>
              ))}
            </ul>
          </details>
        ))}
      </div>
    </nav>
  );
});
