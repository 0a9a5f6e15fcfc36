import { useRef } from 'react';
import { Dialog } from '../../components/Dialog';
import './ShortcutsHelp.css';

const shortcuts: [string, string][] = [
  ['Tab', 'Flytta mellan ritytan, aktivitetslistan, problemlistan och sidopanelen (aktivitetslistan är ett enda tabbstopp: pilarna väljer i den)'],
  ['G', 'Gå till aktivitet: skriv en del av namnet och tryck Enter'],
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
  const closeRef = useRef<HTMLButtonElement>(null);
  return (
    <Dialog titleId="help-title" onClose={onClose} initialFocus={closeRef}>
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
    </Dialog>
  );
}
