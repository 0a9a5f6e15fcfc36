import { useEffect, useRef } from 'react';
import { trapFocus } from './ConnectDialog';

const shortcuts: [string, string][] = [
  ['Tab', 'Flytta mellan aktivitetslistan, ritytan, problemlistan och sidopanelen'],
  ['Piltangenter', 'Välj närmaste aktivitet åt det hållet'],
  ['Skift + pil', 'Flytta markerade aktiviteter'],
  ['Alt + pil', 'Panorera ritytan'],
  ['K', 'Ny koppling från vald aktivitet: välj utgång, Enter, skriv eller pila till målet, Enter'],
  ['E', 'Välj nästa koppling till eller från vald aktivitet'],
  ['Enter', 'Gå till vald aktivitets indata'],
  ['Delete', 'Ta bort markerade aktiviteter och kopplingar'],
  ['Ctrl + C / X / V', 'Kopiera, klipp ut, klistra in'],
  ['Ctrl + A', 'Markera alla aktiviteter'],
  ['Ctrl + Z / Ctrl + Y', 'Ångra / gör om'],
  ['Ctrl + S', 'Spara utkast'],
  ['+ / − / 0', 'Zooma in, zooma ut, visa allt'],
  ['A eller /', 'Sök i aktivitetslistan (Enter lägger till)'],
  ['Esc', 'Avmarkera, stäng dialog'],
];

export function ShortcutsHelp({ onClose }: { onClose: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    closeRef.current?.focus();
    return () => previous?.focus();
  }, []);
  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        ref={ref}
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="help-title"
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            onClose();
          }
          if (e.key === 'Tab') trapFocus(e, ref.current);
        }}
      >
        <h2 id="help-title">Kortkommandon</h2>
        <table className="shortcuts">
          <thead>
            <tr>
              <th scope="col">Tangent</th>
              <th scope="col">Gör</th>
            </tr>
          </thead>
          <tbody>
            {shortcuts.map(([k, v]) => (
              <tr key={k}>
                <th scope="row">
                  <kbd>{k}</kbd>
                </th>
                <td>{v}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="dialog-buttons">
          <button type="button" ref={closeRef} onClick={onClose}>
            Stäng
          </button>
        </div>
      </div>
    </div>
  );
}
