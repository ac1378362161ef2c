/**
 * Binds a <textarea> to a Y.Text.
 *
 * Local typing: the new value is handed to `write` (the `updateDeal` mutation, which applies a
 * minimal text diff in one transaction with our origin).
 * Remote changes: the selection is kept as Y.RelativePositions (anchored to characters, not
 * indexes) and mapped back after the text changed, so the caret stays by the same character
 * however much someone else types before it.
 * Our own selection is published (as relative positions) so others can draw our caret.
 */
import * as Y from 'yjs';

export interface TextareaBindingOptions {
  textarea: HTMLTextAreaElement;
  text: Y.Text;
  /** Write the whole new value (the binding's only way to change the document). */
  write: (value: string) => void;
  /** Our selection as relative positions (JSON), or null when the textarea is not focused. */
  publishSelection: (selection: { anchor: unknown; head: unknown } | null) => void;
  /** After the textarea's value changed for any reason (remote carets must be redrawn). */
  onChange: () => void;
}

export interface TextareaBinding {
  destroy: () => void;
}

export function bindTextarea({ textarea, text, write, publishSelection, onChange }: TextareaBindingOptions): TextareaBinding {
  const doc = text.doc;
  if (!doc) throw new Error('bindTextarea: the Y.Text is not in a document');
  let rel: { anchor: Y.RelativePosition; head: Y.RelativePosition } | null = null;
  let composing = false;
  let pendingRemote = false;

  textarea.value = text.toString();

  const focused = () => document.activeElement === textarea;

  const saveSelection = () => {
    if (!focused()) return;
    const { selectionStart, selectionEnd, selectionDirection } = textarea;
    const anchorIndex = selectionDirection === 'backward' ? selectionEnd : selectionStart;
    const headIndex = selectionDirection === 'backward' ? selectionStart : selectionEnd;
    rel = {
      anchor: Y.createRelativePositionFromTypeIndex(text, anchorIndex),
      head: Y.createRelativePositionFromTypeIndex(text, headIndex),
    };
    publishSelection({ anchor: Y.relativePositionToJSON(rel.anchor), head: Y.relativePositionToJSON(rel.head) });
  };

  const absolute = (pos: Y.RelativePosition, fallback: number): number => {
    const abs = Y.createAbsolutePositionFromRelativePosition(pos, doc);
    return abs && abs.type === text ? abs.index : fallback;
  };

  const applyRemote = () => {
    const value = text.toString();
    if (value === textarea.value) return;
    if (composing) {
      pendingRemote = true;
      return;
    }
    const hadFocus = focused();
    const scrollTop = textarea.scrollTop;
    const fallbackStart = Math.min(textarea.selectionStart, value.length);
    const fallbackEnd = Math.min(textarea.selectionEnd, value.length);
    textarea.value = value;
    if (hadFocus) {
      const anchor = rel ? absolute(rel.anchor, fallbackStart) : fallbackStart;
      const head = rel ? absolute(rel.head, fallbackEnd) : fallbackEnd;
      textarea.setSelectionRange(Math.min(anchor, head), Math.max(anchor, head), head < anchor ? 'backward' : 'forward');
    }
    textarea.scrollTop = scrollTop;
    onChange();
  };

  const observer = (_event: Y.YTextEvent, txn: Y.Transaction) => {
    // Our own write already matches the textarea; anything else (remote, undo) is applied.
    if (txn.local && text.toString() === textarea.value) return;
    applyRemote();
  };
  text.observe(observer);

  const onInput = () => {
    if (composing) return;
    write(textarea.value);
    saveSelection();
    onChange();
  };
  const onCompositionStart = () => {
    composing = true;
  };
  const onCompositionEnd = () => {
    composing = false;
    onInput();
    if (pendingRemote) {
      pendingRemote = false;
      applyRemote();
    }
  };
  const onSelectionChange = () => {
    if (focused()) saveSelection();
  };
  const onBlur = () => {
    publishSelection(null);
  };

  textarea.addEventListener('input', onInput);
  textarea.addEventListener('compositionstart', onCompositionStart);
  textarea.addEventListener('compositionend', onCompositionEnd);
  textarea.addEventListener('focus', onSelectionChange);
  textarea.addEventListener('select', onSelectionChange);
  textarea.addEventListener('keyup', onSelectionChange);
  textarea.addEventListener('mouseup', onSelectionChange);
  textarea.addEventListener('blur', onBlur);
  document.addEventListener('selectionchange', onSelectionChange);

  return {
    destroy: () => {
      text.unobserve(observer);
      textarea.removeEventListener('input', onInput);
      textarea.removeEventListener('compositionstart', onCompositionStart);
      textarea.removeEventListener('compositionend', onCompositionEnd);
      textarea.removeEventListener('focus', onSelectionChange);
      textarea.removeEventListener('select', onSelectionChange);
      textarea.removeEventListener('keyup', onSelectionChange);
      textarea.removeEventListener('mouseup', onSelectionChange);
      textarea.removeEventListener('blur', onBlur);
      document.removeEventListener('selectionchange', onSelectionChange);
      publishSelection(null);
    },
  };
}
