/** The `?` sheet: every keyboard shortcut of the board in one list (opened with `?` or from the board menu). */
import { useEffect } from 'react';
import { Dialog } from '../../ui/Dialog';

const SHORTCUTS: Array<{ keys: string[][]; what: string }> = [
  { keys: [['?']], what: 'Show this list' },
  { keys: [['/']], what: 'Search deals' },
  { keys: [['Tab']], what: 'Move between cards and controls' },
  { keys: [['Enter']], what: 'Open the focused deal' },
  { keys: [['Space'], ['←', '↑', '→', '↓'], ['Space']], what: 'Pick up a deal, move it, drop it' },
  { keys: [['Escape']], what: 'Cancel a move, close the drawer or a dialog' },
  { keys: [['Ctrl', 'Z']], what: 'Undo my last change' },
  {
    keys: [
      ['Ctrl', 'Shift', 'Z'],
      ['Ctrl', 'Y'],
    ],
    what: 'Redo',
  },
  { keys: [['Enter']], what: 'Send a comment or save an edited one' },
  { keys: [['Shift', 'Enter']], what: 'New line in a comment' },
];

/** Whether a key press belongs to a text field (then `?` and `/` are typing, not shortcuts). */
export function isTyping(target: EventTarget | null): boolean {
  const t = target as HTMLElement | null;
  return !!t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
}

/** Opens the sheet on `?` typed outside a text field. */
export function useShortcutSheetKey(open: () => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== '?' || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target) || document.querySelector('dialog[open]')) return;
      e.preventDefault();
      open();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);
}

export function ShortcutSheet({ onClose }: { onClose: () => void }) {
  return (
    <Dialog title="Keyboard shortcuts" onClose={onClose} width={480}>
      <table className="shortcuts" data-testid="shortcut-sheet">
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.what}>
              <td className="shortcut-keys">
                {s.keys.map((combo, i) => (
                  <span key={i} className="shortcut-combo">
                    {i > 0 ? <span className="muted"> {s.keys.length > 2 ? 'then' : 'or'} </span> : null}
                    {combo.map((k) => (
                      <kbd key={k} className="kbd">
                        {k}
                      </kbd>
                    ))}
                  </span>
                ))}
              </td>
              <td>{s.what}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Dialog>
  );
}
