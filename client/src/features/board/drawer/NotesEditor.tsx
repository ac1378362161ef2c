/**
 * The deal's notes: a collaborative editor bound to the deal's Y.Text (see notesEditorView), with
 * everyone else's caret drawn in their colour and name, and @mentions of the board's members.
 */
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { dealNotes, updateDeal } from '../../../model';
import { useBoard } from '../../../hooks/useBoard';
import { useBoardSession } from '../boardSession';
import { createNotesEditor, type NotesEditorHandle } from './notesEditorView';
import type { MentionDirectory } from './notesMentions';
import { useMentionable } from './useMentionable';

export function NotesEditor({ dealId, fallback }: { dealId: string; fallback: string }) {
  const { conn, readOnly, people } = useBoardSession();
  const text = useBoard(useCallback((b) => dealNotes(b.doc, dealId), [dealId]));
  const ref = useRef<HTMLDivElement>(null);
  const members = useMentionable();
  const directory = useMemo<MentionDirectory>(() => ({ members, nameOf: (userId) => people.get(userId)?.name }), [members, people]);
  // The editor is made once per Y.Text; later member lists reach it through setDirectory, only
  // when a name or member changed (people's carets move all the time, and redraw nothing).
  const directoryRef = useRef(directory);
  const signature = useRef(signatureOf(directory, people));
  const editorRef = useRef<NotesEditorHandle | null>(null);
  useEffect(() => {
    directoryRef.current = directory;
    const next = signatureOf(directory, people);
    if (next === signature.current) return;
    signature.current = next;
    editorRef.current?.setDirectory(directory);
  }, [directory, people]);

  useEffect(() => {
    const parent = ref.current;
    if (!parent || !text) return;
    const editor = createNotesEditor({
      parent,
      text,
      awareness: conn.awareness,
      readOnly,
      placeholderText: readOnly ? 'No notes yet.' : 'Context, next steps, sources… Type @ to mention a member. Everyone on the board edits these together.',
      directory: directoryRef.current,
    });
    editorRef.current = editor;
    return () => {
      editorRef.current = null;
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

/** What the editor shows of the directory: who may be mentioned and everyone's name. */
function signatureOf(directory: MentionDirectory, people: ReadonlyMap<string, { name: string }>): string {
  return JSON.stringify([directory.members.map((m) => [m.id, m.name, m.color]), [...people].map(([id, p]) => [id, p.name])]);
}
