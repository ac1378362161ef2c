/** Tags as removable chips plus an input: Enter or comma adds, Backspace on empty removes the last. */
import { useId, useState } from 'react';
import { Icon } from '../../../ui/Icon';
import { FieldShell } from '../../../ui/FieldShell';
import { addTag } from '../../../../../shared/src/input/tags';

export function TagsField({ tags, readOnly, commit }: { tags: string[]; readOnly: boolean; commit: (tags: string[]) => string | null }) {
  const id = useId();
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);

  const add = (raw: string = draft) => {
    const parsed = addTag(tags, raw);
    if (!parsed.ok) return setError(parsed.message);
    if (parsed.value.length === tags.length) return setDraft('');
    const err = commit(parsed.value);
    setError(err);
    if (!err) setDraft('');
  };

  return (
    <FieldShell label="Tags" htmlFor={id} error={error} className="span-2">
      <div className={`tag-input${readOnly ? ' is-readonly' : ''}`}>
        {tags.map((t) => (
          <span key={t} className="chip chip-tag">
            {t}
            {readOnly ? null : (
              <button type="button" className="chip-x" aria-label={`Remove tag ${t}`} onClick={() => setError(commit(tags.filter((x) => x !== t)))}>
                <Icon name="x" size={11} />
              </button>
            )}
          </span>
        ))}
        {readOnly ? (
          tags.length === 0 ? (
            <span className="muted">No tags</span>
          ) : null
        ) : (
          <input
            id={id}
            className="tag-input-field"
            value={draft}
            placeholder={tags.length ? 'Add tag' : 'Add tags, e.g. AI, cloud'}
            aria-invalid={!!error}
            onChange={(e) => {
              setError(null);
              setDraft(e.target.value);
              if (e.target.value.endsWith(',')) add(e.target.value);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                add();
              } else if (e.key === 'Backspace' && !draft && tags.length > 0) {
                setError(commit(tags.slice(0, -1)));
              }
            }}
            onBlur={() => add()}
          />
        )}
      </div>
    </FieldShell>
  );
}
