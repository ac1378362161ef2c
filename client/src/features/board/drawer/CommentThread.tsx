/** A deal's comments: author, relative time, edit and delete of one's own (owners may delete any), live; "typing…" from others. */
import { useEffect, useRef, useState } from 'react';
import { addComment, deleteComment, editComment, type Comment } from '../../../model';
import { usePresence } from '../../../hooks/usePresence';
import { useNow } from '../../../hooks/useNow';
import { formatRelative, formatTimestamp } from '../../../lib/format';
import { Avatar } from '../../../ui/Avatar';
import { Icon } from '../../../ui/Icon';
import { useBoardSession } from '../boardSession';
import { MentionText } from './MentionText';
import { MentionTextarea } from './MentionTextarea';
import { useMentionable } from './useMentionable';
import { toEditable, toStored } from './mentionText';

const TYPING_IDLE_MS = 3_000;

export function CommentThread({ dealId, comments }: { dealId: string; comments: Comment[] }) {
  const { conn, me, readOnly, people, role } = useBoardSession();
  const presence = usePresence(conn.awareness);
  const now = useNow(30_000);
  const visible = comments.filter((c) => !c.deleted);
  const typing = [...new Set(presence.peers.filter((p) => p.typingIn === dealId && p.userId !== me.id).map((p) => p.name))];
  const listEnd = useRef<HTMLDivElement>(null);
  const count = visible.length;
  const prevCount = useRef(count);

  useEffect(() => {
    if (count > prevCount.current) listEnd.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    prevCount.current = count;
  }, [count]);

  return (
    <section className="comments" aria-label="Comments">
      <h3 className="section-title">Comments {count > 0 ? <span className="section-count">{count}</span> : null}</h3>
      {count === 0 ? <p className="muted comments-empty">No comments yet.{readOnly ? '' : ' Start the conversation.'}</p> : null}
      <ol className="comment-list">
        {visible.map((c) => (
          <CommentItem
            key={c.id}
            dealId={dealId}
            comment={c}
            mine={c.authorId === me.id && !readOnly}
            moderator={role === 'owner' && c.authorId !== me.id}
            authorName={people.get(c.authorId)?.name ?? (c.authorId === 'system' ? 'Tranche' : 'Former member')}
            authorColor={people.get(c.authorId)?.color ?? null}
            now={now}
          />
        ))}
      </ol>
      <div ref={listEnd} />
      <div className="typing" aria-live="polite" data-testid="typing-indicator">
        {typing.length > 0 ? (
          <>
            <span className="typing-dots" aria-hidden="true">
              <span />
              <span />
              <span />
            </span>
            {typing.length === 1 ? `${typing[0]} is typing…` : `${typing.slice(0, -1).join(', ')} and ${typing[typing.length - 1]} are typing…`}
          </>
        ) : null}
      </div>
      {readOnly ? null : <Composer dealId={dealId} />}
    </section>
  );
}

/** `moderator`: a board owner looking at someone else's comment (may delete, not edit). */
function CommentItem({
  dealId,
  comment,
  mine,
  moderator,
  authorName,
  authorColor,
  now,
}: {
  dealId: string;
  comment: Comment;
  mine: boolean;
  moderator: boolean;
  authorName: string;
  authorColor: string | null;
  now: number;
}) {
  const { conn, people } = useBoardSession();
  const mentionable = useMentionable();
  const nameOf = (userId: string) => people.get(userId)?.name;
  const [editing, setEditing] = useState<string | null>(null);
  const [picked, setPicked] = useState<Map<string, string>>(new Map());
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const save = () => {
    if (editing === null) return;
    const body = toStored(editing.trim(), picked);
    if (!body) return setError('A comment cannot be empty.');
    const r = editComment(conn.doc, { dealId, commentId: comment.id, body }, conn.origin);
    if (!r.ok && r.error.code !== 'noop') return setError(r.error.message);
    setEditing(null);
    setError(null);
  };

  return (
    <li className="comment" data-comment-id={comment.id}>
      <Avatar id={comment.authorId} name={authorName} color={authorColor} size={28} />
      <div className="comment-main">
        <div className="comment-head">
          <span className="comment-author">{authorName}</span>
          <time className="comment-time" dateTime={comment.createdAt} title={formatTimestamp(comment.createdAt)}>
            {formatRelative(comment.createdAt, now)}
          </time>
          {comment.editedAt ? (
            <span className="comment-edited" title={`Edited ${formatTimestamp(comment.editedAt)}`}>
              (edited)
            </span>
          ) : null}
          <span className="spacer" />
          {(mine || moderator) && editing === null && confirming ? (
            <span className="comment-confirm">
              Delete?
              <button
                type="button"
                className="btn btn-danger btn-sm"
                onClick={() => deleteComment(conn.doc, { dealId, commentId: comment.id }, conn.origin, { asOwner: moderator })}
              >
                Delete
              </button>
              <button type="button" className="btn btn-ghost btn-sm" onClick={() => setConfirming(false)}>
                Keep
              </button>
            </span>
          ) : null}
          {(mine || moderator) && editing === null && !confirming ? (
            <span className="comment-actions">
              {mine ? (
                <button
                  type="button"
                  className="icon-btn icon-btn-sm"
                  aria-label="Edit comment"
                  title="Edit"
                  onClick={() => {
                    const editable = toEditable(comment.body, nameOf);
                    setPicked(editable.picked);
                    setEditing(editable.text);
                  }}
                >
                  <Icon name="edit" size={13} />
                </button>
              ) : null}
              <button type="button" className="icon-btn icon-btn-sm" aria-label="Delete comment" title="Delete" onClick={() => setConfirming(true)}>
                <Icon name="trash" size={13} />
              </button>
            </span>
          ) : null}
        </div>
        {editing !== null ? (
          <div className="comment-edit">
            <MentionTextarea
              className="textarea"
              rows={3}
              value={editing}
              aria-label="Edit comment"
              aria-invalid={!!error}
              autoFocus
              members={mentionable}
              onPick={(m) => setPicked((p) => new Map(p).set(m.name, m.id))}
              onValueChange={setEditing}
              onKeyDown={(e) => {
                // As in the composer: Enter saves, Shift+Enter is a new line.
                if (e.key === 'Enter' && !e.shiftKey) {
                  e.preventDefault();
                  save();
                }
                if (e.key === 'Escape') {
                  e.stopPropagation();
                  setEditing(null);
                }
              }}
            />
            {error ? <div className="field-error">{error}</div> : null}
            <div className="composer-actions">
              <span className="field-hint">
                <span className="kbd">Enter</span> to save, <span className="kbd">Shift</span>+<span className="kbd">Enter</span> for a new line
              </span>
              <span className="spacer" />
              <button type="button" className="btn btn-primary btn-sm" onClick={save}>
                Save
              </button>
              <button type="button" className="btn btn-ghost btn-sm" onClick={() => setEditing(null)}>
                Cancel
              </button>
            </div>
          </div>
        ) : (
          <div className="comment-body">
            <MentionText text={comment.body} nameOf={nameOf} />
          </div>
        )}
      </div>
    </li>
  );
}

function Composer({ dealId }: { dealId: string }) {
  const { conn } = useBoardSession();
  const mentionable = useMentionable();
  const [body, setBody] = useState('');
  const [picked, setPicked] = useState<Map<string, string>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const idle = useRef<ReturnType<typeof setTimeout> | null>(null);

  const stopTyping = () => {
    if (idle.current) clearTimeout(idle.current);
    idle.current = null;
    conn.setPresence({ typingIn: null });
  };
  useEffect(() => () => stopTyping(), []); // eslint-disable-line react-hooks/exhaustive-deps

  const send = () => {
    const text = body.trim();
    if (!text) return;
    const r = addComment(conn.doc, { dealId, body: toStored(text, picked) }, conn.origin);
    if (!r.ok) return setError(r.error.message);
    setBody('');
    setPicked(new Map());
    setError(null);
    stopTyping();
  };

  return (
    <div className="composer comment-composer">
      <MentionTextarea
        className="textarea"
        rows={2}
        value={body}
        placeholder="Write a comment… (@ to mention)"
        aria-label="Write a comment"
        aria-invalid={!!error}
        maxLength={5000}
        data-testid="comment-input"
        members={mentionable}
        onPick={(m) => setPicked((p) => new Map(p).set(m.name, m.id))}
        onValueChange={(value) => {
          setBody(value);
          setError(null);
          if (value.trim()) {
            conn.setPresence({ typingIn: dealId });
            if (idle.current) clearTimeout(idle.current);
            idle.current = setTimeout(stopTyping, TYPING_IDLE_MS);
          } else stopTyping();
        }}
        onBlur={stopTyping}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey) {
            e.preventDefault();
            send();
          }
        }}
      />
      {error ? <div className="field-error">{error}</div> : null}
      <div className="composer-actions">
        <span className="field-hint">
          <span className="kbd">Enter</span> to send, <span className="kbd">Shift</span>+<span className="kbd">Enter</span> for a new line
        </span>
        <span className="spacer" />
        <button type="button" className="btn btn-primary btn-sm" onClick={send} disabled={!body.trim()}>
          <Icon name="send" size={13} /> Comment
        </button>
      </div>
    </div>
  );
}
