/**
 * My API tokens (CONTRACT.md "Identity"): list them with scope and last use, create one by
 * name and scope (its secret shown this once, with a Copy button and a curl example),
 * revoke one after a confirm step.
 */
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, errorMessage, type ApiToken, type NewApiToken } from '../../api';
import { Dialog } from '../../ui/Dialog';
import { Icon } from '../../ui/Icon';
import { useNow } from '../../hooks/useNow';
import { formatTimestamp } from '../../lib/format';
import { DEFAULT_SCOPE, TokenScopeFields, describeToken, type TokenScope } from './TokenScopeFields';

const NAME_MAX = 100;

export function TokensDialog({ onClose }: { onClose: () => void }) {
  const [tokens, setTokens] = useState<ApiToken[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [created, setCreated] = useState<NewApiToken | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const nameInput = useRef<HTMLInputElement>(null);
  const now = useNow(30_000);

  const load = useCallback(() => {
    setLoadError(null);
    api.listTokens().then(setTokens, (err: unknown) => setLoadError(errorMessage(err)));
  }, []);
  useEffect(load, [load]);

  const revoke = async (token: ApiToken) => {
    setListError(null);
    try {
      await api.revokeToken(token.id);
    } catch (err) {
      // Revoked elsewhere meanwhile: the goal is met, just refresh the list.
      if (!(err instanceof ApiError && err.status === 404)) {
        setListError(`Could not revoke “${token.name}”: ${errorMessage(err)}`);
        return;
      }
    }
    setTokens((list) => list?.filter((t) => t.id !== token.id) ?? null);
    if (created?.id === token.id) setCreated(null);
    load();
  };

  return (
    <Dialog
      title="API tokens"
      description="Scripts and integrations can use Tranche as you with a token: within the scope you give it."
      onClose={onClose}
      width={580}
    >
      {created ? (
        <CreatedToken
          token={created}
          onDone={() => {
            setCreated(null);
            setTimeout(() => nameInput.current?.focus());
          }}
        />
      ) : (
        <CreateTokenForm
          inputRef={nameInput}
          onCreated={(token) => {
            setCreated(token);
            load();
          }}
        />
      )}

      <section className="tokens" aria-labelledby="tokens-heading">
        <h3 className="section-title" id="tokens-heading">
          Your tokens
          {tokens && tokens.length > 0 ? <span className="section-count">{tokens.length}</span> : null}
        </h3>
        {listError ? (
          <div className="form-error" role="alert">
            {listError}
          </div>
        ) : null}
        {loadError ? (
          <div className="form-error" role="alert">
            Could not load your tokens: {loadError}{' '}
            <button type="button" className="link-btn" onClick={load}>
              Retry
            </button>
          </div>
        ) : tokens === null ? (
          <div className="token-list" aria-busy="true">
            {[0, 1].map((i) => (
              <div key={i} className="token-row">
                <span className="skeleton token-skeleton-icon" />
                <span className="token-who">
                  <span className="skeleton token-skeleton-line" />
                </span>
              </div>
            ))}
          </div>
        ) : tokens.length === 0 ? (
          <div className="token-empty">
            <Icon name="key" size={18} />
            <span>No tokens yet. Create one per script or service, so you can revoke one without breaking the others.</span>
          </div>
        ) : (
          <ul className="token-list" aria-label="Your tokens">
            {tokens.map((t) => (
              <TokenRow key={t.id} token={t} now={now} isNew={created?.id === t.id} onRevoke={() => revoke(t)} />
            ))}
          </ul>
        )}
      </section>
    </Dialog>
  );
}

function CreateTokenForm({ inputRef, onCreated }: { inputRef: React.RefObject<HTMLInputElement | null>; onCreated: (token: NewApiToken) => void }) {
  const [name, setName] = useState('');
  const [scope, setScope] = useState<TokenScope>(DEFAULT_SCOPE);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) return setError('Give the token a name, so you can tell it apart later.');
    if (trimmed.length > NAME_MAX) return setError(`Keep the name to ${NAME_MAX} characters or fewer.`);
    setBusy(true);
    try {
      const token = await api.createToken({ name: trimmed, ...scope });
      setName('');
      setError(null);
      onCreated(token);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="token-form" onSubmit={submit} noValidate>
      <div className="field">
        <label className="field-label" htmlFor="token-name">
          New token
        </label>
        <div className="token-form-row">
          <input
            ref={inputRef}
            id="token-name"
            className="input"
            value={name}
            onChange={(e) => {
              setName(e.target.value);
              setError(null);
            }}
            placeholder="What will use it? e.g. Nightly CRM sync"
            aria-invalid={!!error}
            aria-describedby="token-name-note"
            maxLength={NAME_MAX}
            autoComplete="off"
            autoFocus
          />
          <button type="submit" className="btn btn-primary" disabled={busy}>
            <Icon name="plus" size={15} /> {busy ? 'Creating…' : 'Create token'}
          </button>
        </div>
        {error ? (
          <div className="field-error" role="alert" id="token-name-note">
            <Icon name="alert" size={13} />
            {error}
          </div>
        ) : (
          <div className="field-hint" id="token-name-note">
            Name it after the script or service that will use it.
          </div>
        )}
      </div>
      <TokenScopeFields scope={scope} onChange={setScope} />
    </form>
  );
}

function CreatedToken({ token, onDone }: { token: NewApiToken; onDone: () => void }) {
  const field = useRef<HTMLInputElement>(null);
  const [copy, setCopy] = useState<'idle' | 'copied' | 'failed'>('idle');
  const origin = window.location.origin;

  useEffect(() => {
    field.current?.focus();
    field.current?.select();
  }, []);

  useEffect(() => {
    if (copy !== 'copied') return;
    const t = setTimeout(() => setCopy('idle'), 2_000);
    return () => clearTimeout(t);
  }, [copy]);

  const onCopy = async () => {
    setCopy((await copyText(token.token, field.current)) ? 'copied' : 'failed');
  };

  return (
    <div className="token-created" data-testid="token-created">
      <div className="token-created-head">
        <span className="token-created-check" aria-hidden="true">
          <Icon name="check" size={14} />
        </span>
        <strong>Token “{token.name}” created</strong>
      </div>
      <p className="token-created-warning" role="note">
        <Icon name="alert" size={15} />
        <span>
          <strong>Copy it now. You won’t see it again.</strong> Tranche keeps only a fingerprint of it; if you lose it, revoke it and create another.
        </span>
      </p>
      <div className="token-secret-row">
        <input
          ref={field}
          className="input token-secret"
          value={token.token}
          readOnly
          aria-label="New API token"
          data-testid="new-token"
          spellCheck={false}
          autoComplete="off"
          onFocus={(e) => e.currentTarget.select()}
        />
        <button type="button" className={`btn${copy === 'copied' ? ' is-copied' : ''}`} onClick={() => void onCopy()} aria-live="polite">
          <Icon name={copy === 'copied' ? 'check' : 'copy'} size={15} />
          {copy === 'copied' ? 'Copied' : 'Copy'}
        </button>
      </div>
      {copy === 'failed' ? <div className="field-error">Copying is blocked here: select the token and copy it yourself.</div> : null}
      <div className="token-usage">
        <div className="field-label">
          <Icon name="terminal" size={13} /> Use it as a Bearer token
        </div>
        <pre className="code-block" data-testid="token-usage">
          <code>
            curl -H "Authorization: Bearer {token.token}" {origin}/api/boards
          </code>
        </pre>
      </div>
      <div className="dialog-actions">
        <button type="button" className="btn btn-primary" onClick={onDone}>
          I’ve copied it
        </button>
      </div>
    </div>
  );
}

function TokenRow({ token, now, isNew, onRevoke }: { token: ApiToken; now: number; isNew: boolean; onRevoke: () => Promise<void> }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const revokeRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (confirming) cancelRef.current?.focus();
  }, [confirming]);

  const confirm = async () => {
    setBusy(true);
    await onRevoke();
    setBusy(false);
  };

  return (
    <li className={`token-row${confirming ? ' is-confirming' : ''}`} data-token-id={token.id} data-token-name={token.name}>
      <span className="token-icon" aria-hidden="true">
        <Icon name="key" size={15} />
      </span>
      <div className="token-who">
        <div className="token-name">
          <span className="token-name-text">{token.name}</span>
          {isNew ? <span className="badge badge-new">New</span> : null}
        </div>
        <div className="token-meta" title={`Created ${formatTimestamp(token.createdAt)}`}>
          {describeToken(token, now)}
        </div>
      </div>
      {confirming ? null : (
        <button ref={revokeRef} type="button" className="btn btn-sm token-revoke" aria-label={`Revoke ${token.name}`} onClick={() => setConfirming(true)}>
          Revoke
        </button>
      )}
      {confirming ? (
        <div className="token-confirm" role="group" aria-label={`Revoke ${token.name}?`}>
          <span className="token-confirm-text">Revoke it? Anything using it loses access at once.</span>
          <button
            ref={cancelRef}
            type="button"
            className="btn btn-sm"
            onClick={() => {
              setConfirming(false);
              setTimeout(() => revokeRef.current?.focus());
            }}
            disabled={busy}
          >
            Cancel
          </button>
          <button type="button" className="btn btn-sm btn-danger" onClick={() => void confirm()} disabled={busy}>
            {busy ? 'Revoking…' : 'Revoke token'}
          </button>
        </div>
      ) : null}
    </li>
  );
}

/** The clipboard API where allowed (https, localhost); else the selected field and the old copy command. */
async function copyText(text: string, field: HTMLInputElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Not a secure context, or permission denied: fall back below.
  }
  if (!field) return false;
  field.focus();
  field.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  }
}
