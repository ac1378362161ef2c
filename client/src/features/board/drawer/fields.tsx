/**
 * Drawer fields that edit one deal value. While focused a field holds a local draft (so a
 * remote change does not yank the text from under the cursor); on blur or Enter it commits, and a
 * refused value stays in the box with the reason beside it.
 */
import { useId, useState, type ReactNode } from 'react';
import { FieldShell } from '../../../ui/FieldShell';

/** A text input bound to a remote string; `commit` returns an error message or null. */
export function TextField({
  label,
  value,
  commit,
  readOnly,
  placeholder,
  hint,
  className,
  inputClassName = 'input',
  inputMode,
  type = 'text',
  maxLength,
  testId,
}: {
  label: string;
  value: string;
  commit: (next: string) => string | null;
  readOnly: boolean;
  placeholder?: string;
  hint?: ReactNode;
  className?: string;
  inputClassName?: string;
  inputMode?: 'text' | 'numeric' | 'decimal';
  type?: 'text' | 'date';
  maxLength?: number;
  testId?: string;
}) {
  const id = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const shown = draft ?? value;

  const save = () => {
    if (draft === null) return;
    if (draft === value) {
      setDraft(null);
      setError(null);
      return;
    }
    const err = commit(draft);
    setError(err);
    if (!err) setDraft(null);
  };

  return (
    <FieldShell label={label} htmlFor={id} error={error} hint={hint} className={className}>
      <input
        id={id}
        className={inputClassName}
        type={type}
        value={shown}
        placeholder={readOnly ? '' : placeholder}
        readOnly={readOnly}
        inputMode={inputMode}
        maxLength={maxLength}
        aria-invalid={!!error}
        aria-describedby={error ? `${id}-error` : undefined}
        data-testid={testId}
        onFocus={() => !readOnly && setDraft(value)}
        onChange={(e) => {
          setDraft(e.target.value);
          if (type === 'date') {
            const err = commit(e.target.value);
            setError(err);
          }
        }}
        onBlur={save}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            save();
          } else if (e.key === 'Escape' && draft !== null) {
            e.stopPropagation();
            setDraft(value);
            setError(null);
          }
        }}
      />
    </FieldShell>
  );
}

/** A select that commits on change. */
export function SelectField<T extends string>({
  label,
  value,
  options,
  commit,
  readOnly,
  className,
  testId,
}: {
  label: string;
  value: T;
  options: Array<{ value: T; label: string }>;
  commit: (next: T) => string | null;
  readOnly: boolean;
  className?: string;
  testId?: string;
}) {
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  return (
    <FieldShell label={label} htmlFor={id} error={error} className={className}>
      <select id={id} className="select" value={value} disabled={readOnly} data-testid={testId} onChange={(e) => setError(commit(e.target.value as T))}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}
