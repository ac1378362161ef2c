/** Links: only http(s) URLs are accepted and only those are ever rendered as links (new tab, no opener). */
import { useId, useState } from 'react';
import { isHttpUrl } from '../../../model';
import { parseLink } from '../../../../../shared/src/input/link';
import { Icon } from '../../../ui/Icon';
import { FieldShell } from '../../../ui/FieldShell';

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return url;
  }
}

export function LinksField({ links, readOnly, commit }: { links: string[]; readOnly: boolean; commit: (links: string[]) => string | null }) {
  const id = useId();
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);

  const add = () => {
    if (!draft.trim()) return;
    const parsed = parseLink(draft);
    if (!parsed.ok) return setError(parsed.message);
    const url = parsed.value;
    if (links.includes(url)) return setDraft('');
    const err = commit([...links, url]);
    setError(err);
    if (!err) setDraft('');
  };

  return (
    <FieldShell label="Links" htmlFor={id} error={error} className="span-2">
      {links.length > 0 ? (
        <ul className="links">
          {links.map((l) => (
            <li key={l} className="link-row">
              <Icon name="link" size={13} />
              {isHttpUrl(l) ? (
                <a href={l} target="_blank" rel="noopener noreferrer" title={l}>
                  {hostOf(l)}
                  <span className="link-path">{l.replace(/^https?:\/\/(www\.)?[^/]+/, '')}</span>
                </a>
              ) : (
                <span className="muted">{l}</span>
              )}
              {readOnly ? null : (
                <button
                  type="button"
                  className="icon-btn icon-btn-sm"
                  aria-label={`Remove link ${l}`}
                  onClick={() => setError(commit(links.filter((x) => x !== l)))}
                >
                  <Icon name="x" size={12} />
                </button>
              )}
            </li>
          ))}
        </ul>
      ) : readOnly ? (
        <span className="muted">No links</span>
      ) : null}
      {readOnly ? null : (
        <input
          id={id}
          className="input"
          value={draft}
          placeholder="Paste a link (https://…) and press Enter"
          aria-invalid={!!error}
          onChange={(e) => {
            setDraft(e.target.value);
            setError(null);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              add();
            }
          }}
        />
      )}
    </FieldShell>
  );
}
