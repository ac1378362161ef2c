/**
 * The deal's notes: a collaborative <textarea> bound to the deal's Y.Text, with everyone else's
 * caret drawn over it in their colour and name (from awareness).
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import * as Y from 'yjs';
import { dealNotes, updateDeal } from '../../../model';
import { useBoard } from '../../../hooks/useBoard';
import { usePresence, type Peer } from '../../../hooks/usePresence';
import { useBoardSession } from '../boardSession';
import { bindTextarea } from './textareaBinding';
import { caretCoordinates, type CaretPoint } from './caretCoordinates';

interface RemoteCaret {
  clientId: number;
  name: string;
  color: string;
  caret: CaretPoint;
}

export function NotesEditor({ dealId, fallback }: { dealId: string; fallback: string }) {
  const { conn, readOnly } = useBoardSession();
  const text = useBoard(useCallback((b) => dealNotes(b.doc, dealId), [dealId]));
  const ref = useRef<HTMLTextAreaElement>(null);
  const [version, setVersion] = useState(0);
  const [scroll, setScroll] = useState(0);
  const presence = usePresence(conn.awareness);
  const [carets, setCarets] = useState<RemoteCaret[]>([]);

  const write = useCallback(
    (value: string) => {
      updateDeal(conn.doc, { dealId, patch: { notes: value } }, conn.origin);
    },
    [conn, dealId],
  );

  useEffect(() => {
    const textarea = ref.current;
    if (!textarea || !text) return;
    const binding = bindTextarea({
      textarea,
      text,
      write,
      publishSelection: (sel) => conn.setPresence({ cursor: sel ? { dealId, ...sel } : null }),
      onChange: () => setVersion((v) => v + 1),
    });
    return () => binding.destroy();
  }, [text, write, conn, dealId]);

  // Others' carets: relative positions → indexes in our text → pixels in our textarea.
  const peers = presence.peers.filter((p): p is Peer & { cursor: NonNullable<Peer['cursor']> } => p.cursor?.dealId === dealId);
  const peersKey = JSON.stringify(peers.map((p) => [p.clientId, p.cursor, p.color, p.name]));
  useLayoutEffect(() => {
    const textarea = ref.current;
    if (!textarea || !text) {
      setCarets([]);
      return;
    }
    const toIndex = (json: unknown): number | null => {
      try {
        const abs = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(json), conn.doc);
        return abs && abs.type === text ? abs.index : null;
      } catch {
        return null;
      }
    };
    const next: RemoteCaret[] = [];
    for (const p of peers) {
      const head = toIndex(p.cursor.head);
      if (head === null) continue;
      next.push({ clientId: p.clientId, name: p.name, color: p.color, caret: caretCoordinates(textarea, head) });
    }
    setCarets(next);
    // peersKey stands for `peers`; version and text changes move carets too.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [peersKey, version, text, conn]);

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

  return (
    <div className="notes-wrap">
      <textarea
        ref={ref}
        className="textarea notes"
        aria-label="Notes"
        data-testid="notes"
        placeholder={readOnly ? 'No notes yet.' : 'Context, next steps, sources… Everyone on the board edits these together.'}
        readOnly={readOnly}
        spellCheck
        onScroll={(e) => setScroll(e.currentTarget.scrollTop)}
      />
      <div className="carets" aria-hidden="true" style={{ transform: `translateY(${-scroll}px)` }}>
        {carets.map((c) => (
          <span key={c.clientId} className="caret" style={{ top: c.caret.top, left: c.caret.left, height: c.caret.height, background: c.color }}>
            <span className="caret-label" style={{ background: c.color }}>
              {c.name}
            </span>
          </span>
        ))}
      </div>
    </div>
  );
}
