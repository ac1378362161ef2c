/**
 * The notes editor: CodeMirror 6 bound to the deal's Y.Text by y-codemirror.next.
 *
 * The binding turns each keystroke into a Y.Text insert at the caret and maps the caret through
 * remote changes the way CodeMirror maps any change (a caret stays before text inserted at its
 * spot), so two people typing at one place each keep their run in one piece. Others' carets and
 * selections come from awareness `cursor`, named with the `user` the server stamps. Typing `@`
 * offers the board's members, and mentions show as chips (notesMentions.ts).
 */
import * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import { EditorState } from '@codemirror/state';
import { EditorView, keymap, placeholder } from '@codemirror/view';
import { defaultKeymap } from '@codemirror/commands';
import { yCollab, yUndoManagerKeymap } from 'y-codemirror.next';
import { notesMentions, type MentionDirectory } from './notesMentions';

export interface NotesEditorOptions {
  parent: HTMLElement;
  text: Y.Text;
  awareness: Awareness;
  readOnly: boolean;
  placeholderText: string;
  /** Who may be mentioned and everyone's current name. */
  directory: MentionDirectory;
}

export interface NotesEditorHandle {
  view: EditorView;
  /** The members or their names changed. */
  setDirectory: (directory: MentionDirectory) => void;
  destroy: () => void;
}

/** Mounts the editor; `destroy()` removes it and its undo history. */
export function createNotesEditor({ parent, text, awareness, readOnly, placeholderText, directory }: NotesEditorOptions): NotesEditorHandle {
  // Undo in the notes undoes only my typing in these notes (the binding's origin), never others'.
  const undoManager = new Y.UndoManager(text);
  const mentions = notesMentions(directory);
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: text.toString(),
      extensions: [
        keymap.of([...yUndoManagerKeymap, ...defaultKeymap]),
        yCollab(text, awareness, { undoManager }),
        mentions.extension,
        EditorView.lineWrapping,
        placeholder(placeholderText),
        EditorState.readOnly.of(readOnly),
        EditorView.editable.of(!readOnly),
        EditorView.contentAttributes.of({
          'aria-label': 'Notes',
          'aria-multiline': 'true',
          'aria-readonly': String(readOnly),
          'data-testid': 'notes',
          spellcheck: 'true',
        }),
      ],
    }),
  });
  return {
    view,
    setDirectory: (next) => mentions.setDirectory(view, next),
    destroy: () => {
      view.destroy();
      undoManager.destroy();
    },
  };
}
