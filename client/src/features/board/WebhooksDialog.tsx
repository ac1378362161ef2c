/**
 * A board's webhooks, for owners (docs/API.md "Webhooks"): add one (URL and events; the
 * signing secret is shown this once), see each one's recent deliveries, re-enable one the
 * server turned off after failures in a row, delete one.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { ACTIVITY_TYPES } from '../../../../shared/src/events';
import { api, errorMessage, type NewWebhook, type Webhook, type WebhookDelivery } from '../../api';
import { Dialog } from '../../ui/Dialog';
import { Icon } from '../../ui/Icon';
import { formatTimestamp } from '../../lib/format';

export function WebhooksDialog({ boardId, onClose }: { boardId: string; onClose: () => void }) {
  const [hooks, setHooks] = useState<Webhook[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<NewWebhook | null>(null);

  const load = useCallback(() => {
    setError(null);
    api.listWebhooks(boardId).then(setHooks, (err: unknown) => setError(errorMessage(err)));
  }, [boardId]);
  useEffect(load, [load]);

  const act = async (what: () => Promise<unknown>) => {
    setError(null);
    try {
      await what();
    } catch (err) {
      setError(errorMessage(err));
    }
    load();
  };

  return (
    <Dialog
      title="Webhooks"
      description="Tranche POSTs this board's activity, signed with the webhook's secret, to the URLs below."
      onClose={onClose}
      width={620}
    >
      {created ? (
        <div className="token-created" data-testid="webhook-created">
          <p className="token-created-warning" role="note">
            <Icon name="alert" size={15} />
            <span>
              <strong>Copy the signing secret now. You won’t see it again.</strong> Check each delivery’s <code>Tranche-Signature</code> with it.
            </span>
          </p>
          <input
            className="input token-secret"
            value={created.secret}
            readOnly
            aria-label="Webhook secret"
            data-testid="webhook-secret"
            onFocus={(e) => e.currentTarget.select()}
          />
          <div className="dialog-actions">
            <button type="button" className="btn btn-primary" onClick={() => setCreated(null)}>
              I’ve copied it
            </button>
          </div>
        </div>
      ) : (
        <AddWebhookForm
          boardId={boardId}
          onCreated={(hook) => {
            setCreated(hook);
            load();
          }}
        />
      )}
      <section className="tokens" aria-labelledby="webhooks-heading">
        <h3 className="section-title" id="webhooks-heading">
          This board’s webhooks
        </h3>
        {error ? (
          <div className="form-error" role="alert">
            {error}
          </div>
        ) : null}
        {hooks === null ? null : hooks.length === 0 ? (
          <div className="token-empty">
            <Icon name="link" size={18} />
            <span>No webhooks yet.</span>
          </div>
        ) : (
          <ul className="token-list" aria-label="Webhooks">
            {hooks.map((hook) => (
              <WebhookRow
                key={hook.id}
                boardId={boardId}
                hook={hook}
                onEnable={() => act(() => api.enableWebhook(boardId, hook.id))}
                onDelete={() => act(() => api.deleteWebhook(boardId, hook.id))}
              />
            ))}
          </ul>
        )}
      </section>
    </Dialog>
  );
}

function AddWebhookForm({ boardId, onCreated }: { boardId: string; onCreated: (hook: NewWebhook) => void }) {
  const [url, setUrl] = useState('');
  const [all, setAll] = useState(true);
  const [events, setEvents] = useState<Set<string>>(new Set(['deal.created', 'deal.moved']));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!all && events.size === 0) return setError('Choose at least one event.');
    setBusy(true);
    try {
      const hook = await api.createWebhook(boardId, { url: url.trim(), events: all ? ['*'] : [...events] });
      setUrl('');
      setError(null);
      onCreated(hook);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const toggle = (type: string) =>
    setEvents((current) => {
      const next = new Set(current);
      if (next.has(type)) next.delete(type);
      else next.add(type);
      return next;
    });

  return (
    <form className="token-form" onSubmit={submit} noValidate>
      <div className="field">
        <label className="field-label" htmlFor="webhook-url">
          New webhook
        </label>
        <div className="token-form-row">
          <input
            id="webhook-url"
            className="input"
            type="url"
            value={url}
            onChange={(e) => {
              setUrl(e.target.value);
              setError(null);
            }}
            placeholder="https://hooks.example.com/tranche"
            aria-invalid={!!error}
            autoComplete="off"
            autoFocus
          />
          <button type="submit" className="btn btn-primary" disabled={busy || url.trim() === ''}>
            <Icon name="plus" size={15} /> {busy ? 'Adding…' : 'Add webhook'}
          </button>
        </div>
        <fieldset className="webhook-events">
          <legend className="field-hint">Events</legend>
          <label>
            <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} /> All events
          </label>
          {all
            ? null
            : ACTIVITY_TYPES.map((type) => (
                <label key={type}>
                  <input type="checkbox" checked={events.has(type)} onChange={() => toggle(type)} /> <code>{type}</code>
                </label>
              ))}
        </fieldset>
        {error ? (
          <div className="field-error" role="alert">
            <Icon name="alert" size={13} />
            {error}
          </div>
        ) : null}
      </div>
    </form>
  );
}

function WebhookRow({ boardId, hook, onEnable, onDelete }: { boardId: string; hook: Webhook; onEnable: () => void; onDelete: () => void }) {
  const [deliveries, setDeliveries] = useState<WebhookDelivery[] | null>(null);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const showDeliveries = () => {
    setOpen((was) => !was);
    setError(null);
    api.listDeliveries(boardId, hook.id).then(setDeliveries, (err: unknown) => setError(errorMessage(err)));
  };

  return (
    <li className="token-row" data-testid="webhook-row">
      <span className="token-icon" aria-hidden="true">
        <Icon name="link" size={16} />
      </span>
      <span className="token-who">
        <span className="token-name">
          <span className="token-name-text" title={hook.url}>
            {hook.url}
          </span>
          {hook.enabled ? null : (
            <span className="badge badge-viewer" data-testid="webhook-disabled">
              off after {hook.consecutiveFailures} failures
            </span>
          )}
        </span>
        <span className="token-meta">{hook.events.includes('*') ? 'All events' : hook.events.join(', ')}</span>
      </span>
      <span className="token-actions">
        {hook.enabled ? null : (
          <button type="button" className="btn btn-sm" onClick={onEnable}>
            Re-enable
          </button>
        )}
        <button type="button" className="btn btn-sm" onClick={showDeliveries} aria-expanded={open}>
          Deliveries
        </button>
        <button type="button" className="btn btn-sm btn-danger" onClick={onDelete}>
          Delete
        </button>
      </span>
      {open ? (
        <div className="token-confirm webhook-deliveries">
          {error ? <div className="form-error">{error}</div> : null}
          {deliveries === null ? null : deliveries.length === 0 ? (
            <span className="token-meta">Nothing delivered yet.</span>
          ) : (
            <table className="webhook-delivery-table">
              <thead>
                <tr>
                  <th>Event</th>
                  <th>Status</th>
                  <th>Attempts</th>
                  <th>When</th>
                </tr>
              </thead>
              <tbody>
                {deliveries.map((d) => (
                  <tr key={d.id}>
                    <td>
                      <code>{d.eventType}</code>
                    </td>
                    <td title={d.lastError ?? undefined}>
                      {d.status}
                      {d.statusCode !== null ? ` (${d.statusCode})` : ''}
                    </td>
                    <td>{d.attempts}</td>
                    <td>{d.nextAttemptAt ? `retry ${formatTimestamp(d.nextAttemptAt)}` : formatTimestamp(d.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      ) : null}
    </li>
  );
}
