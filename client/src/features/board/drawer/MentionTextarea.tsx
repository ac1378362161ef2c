/**
 * A comment textarea where `@` offers the board's members: type to filter, ↑/↓ to choose,
 * Enter or Tab to insert, Escape to close; or click one. Only a member picked here becomes a
 * mention (see mentionText.ts).
 */
import { useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type TextareaHTMLAttributes } from 'react';
import { Avatar } from '../../../ui/Avatar';
import { matchMembers, mentionQuery } from './mentionText';

export interface Mentionable {
  id: string;
  name: string;
  color: string | null;
}

const MAX_OPTIONS = 6;

type Props = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'value' | 'onChange'> & {
  value: string;
  onValueChange: (value: string) => void;
  members: Mentionable[];
  /** A member was picked: the caller remembers it until the text is sent. */
  onPick: (member: Mentionable) => void;
};

export function MentionTextarea({ value, onValueChange, members, onPick, onKeyDown, ...rest }: Props) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const [query, setQuery] = useState<{ start: number; query: string } | null>(null);
  const [active, setActive] = useState(0);
  const menuId = useId();
  /** Where the caret goes once a picked mention is in the text (set before the next keystroke). */
  const caretAfterPick = useRef<number | null>(null);
  useLayoutEffect(() => {
    const at = caretAfterPick.current;
    if (at === null || !ref.current) return;
    caretAfterPick.current = null;
    ref.current.setSelectionRange(at, at);
  }, [value]);

  const options = useMemo(() => (query ? matchMembers(members, query.query, MAX_OPTIONS) : []), [members, query]);
  const open = query !== null && options.length > 0;

  const refresh = (text: string, caret: number) => {
    setQuery(mentionQuery(text, caret));
    setActive(0);
  };

  const pick = (member: Mentionable) => {
    if (!query) return;
    const caret = ref.current?.selectionStart ?? value.length;
    const inserted = `@${member.name} `;
    const next = value.slice(0, query.start) + inserted + value.slice(caret);
    onPick(member);
    onValueChange(next);
    setQuery(null);
    // In the same commit as the new text: a key typed right after Enter lands after the mention.
    caretAfterPick.current = query.start + inserted.length;
  };

  const keyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (open) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        setActive((i) => (i + (e.key === 'ArrowDown' ? 1 : options.length - 1)) % options.length);
        return;
      }
      if (e.key === 'Enter' || e.key === 'Tab') {
        e.preventDefault();
        const member = options[active];
        if (member) pick(member);
        return;
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        setQuery(null);
        return;
      }
    }
    onKeyDown?.(e);
  };

  return (
    <div className="mention-wrap" style={{ position: 'relative' }}>
      <textarea
        {...rest}
        ref={ref}
        value={value}
        aria-autocomplete="list"
        aria-activedescendant={open ? `${menuId}-${active}` : undefined}
        onChange={(e) => {
          onValueChange(e.target.value);
          refresh(e.target.value, e.target.selectionStart);
        }}
        onKeyDown={keyDown}
        onClick={(e) => refresh(value, e.currentTarget.selectionStart)}
        onBlur={(e) => {
          setQuery(null);
          rest.onBlur?.(e);
        }}
      />
      {open ? (
        <ul className="mention-menu" id={menuId} role="listbox" aria-label="Mention a member" data-testid="mention-menu">
          {options.map((m, i) => (
            <li
              key={m.id}
              id={`${menuId}-${i}`}
              role="option"
              aria-selected={i === active}
              className="mention-option"
              onMouseDown={(e) => {
                e.preventDefault(); // keep the textarea's focus and caret
                pick(m);
              }}
              onMouseEnter={() => setActive(i)}
            >
              <Avatar id={m.id} name={m.name} color={m.color} size={20} />
              {m.name}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
