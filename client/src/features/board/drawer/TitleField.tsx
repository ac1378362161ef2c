/** The deal title, edited in place as a large auto-growing text box. */
import { useState } from 'react';
import { useDealUpdate } from './useDealUpdate';

export function TitleField({ dealId, title, readOnly }: { dealId: string; title: string; readOnly: boolean }) {
  const update = useDealUpdate(dealId);
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const save = () => {
    if (draft === null) return;
    const next = draft.replace(/\s+/g, ' ').trim();
    if (next === title) {
      setDraft(null);
      setError(null);
      return;
    }
    const err = next ? update({ title: next }) : 'A deal needs a title.';
    setError(err);
    if (!err) setDraft(null);
  };

  return (
    <div className="title-field">
      <textarea
        className="drawer-title"
        value={draft ?? title}
        rows={1}
        readOnly={readOnly}
        aria-label="Title"
        aria-invalid={!!error}
        maxLength={200}
        data-testid="field-title"
        onFocus={() => !readOnly && setDraft(title)}
        onChange={(e) => {
          setDraft(e.target.value);
          setError(null);
        }}
        onBlur={save}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            save();
            e.currentTarget.blur();
          } else if (e.key === 'Escape') {
            e.stopPropagation();
            setDraft(null);
            setError(null);
            e.currentTarget.blur();
          }
        }}
      />
      {error ? (
        <div className="field-error" role="alert">
          {error}
        </div>
      ) : null}
    </div>
  );
}
