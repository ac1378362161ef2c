/**
 * The deal's notes: a collaborative editor bound to the deal's Y.Text (see notesEditorView), with
 * everyone else's caret drawn in their colour and name.
 */
import { useCallback, useEffect, useRef } from 'react';
import { dealNotes, updateDeal } from '../../../model';
import { useBoard } from '../../../hooks/useBoard';
import { useBoardSession } from '../boardSession';
import { createNotesEditor } from './notesEditorView';

export function NotesEditor({ dealId, fallback }: { dealId: string; fallback: string }) {
  const { conn, readOnly } = useBoardSession();
  const text = useBoard(useCallback((b) => dealNotes(b.doc, dealId), [dealId]));
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const parent = ref.current;
    if (!parent || !text) return;
    const editor = createNotesEditor({
      parent,
      text,
      awareness: conn.awareness,
      readOnly,
      placeholderText: readOnly ? 'No notes yet.' : 'Context, next steps, sources… Everyone on the board edits these together.',
    });
    return () => {
      editor.destroy();
      // The binding keeps publishing our caret while the editor exists; closed, it is gone.
      conn.setPresence({ cursor: null });
    };
  }, [text, conn, readOnly]);

  if (!text) {
    return (
      <textarea
        className="textarea notes"
        defaultValue={fallback}
        readOnly={readOnly}
        aria-label="Notes"
        onChange={(e) => updateDeal(conn.doc, { dealId, patch: { notes: e.target.value } }, conn.origin)}
      />
    );
  }

  return <div ref={ref} className={`notes-editor${readOnly ? ' is-readonly' : ''}`} />;
}
