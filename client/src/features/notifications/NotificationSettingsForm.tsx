/** Which kinds of notification reach my inbox and which also pop up as a toast; auto-watching. Saved on the server, so every device follows. */
import { useState } from 'react';
import { NOTIFICATION_KINDS, NOTIFICATION_KIND_LABELS, type NotificationSettings } from '../../../../shared/src/notifications';

export function NotificationSettingsForm({ settings, onSave }: { settings: NotificationSettings; onSave: (s: NotificationSettings) => Promise<void> }) {
  const [error, setError] = useState<string | null>(null);
  const save = (next: NotificationSettings) =>
    onSave(next).then(
      () => setError(null),
      () => setError('Could not save; try again.'),
    );
  return (
    <form className="inbox-settings" onSubmit={(e) => e.preventDefault()}>
      <table>
        <thead>
          <tr>
            <th scope="col">Tell me when</th>
            <th scope="col">Inbox</th>
            <th scope="col">Toast</th>
          </tr>
        </thead>
        <tbody>
          {NOTIFICATION_KINDS.map((kind) => (
            <tr key={kind}>
              <th scope="row">{NOTIFICATION_KIND_LABELS[kind]}</th>
              {(['notify', 'toast'] as const).map((field) => (
                <td key={field}>
                  <input
                    type="checkbox"
                    aria-label={`${NOTIFICATION_KIND_LABELS[kind]}: ${field === 'notify' ? 'inbox' : 'toast'}`}
                    checked={settings.kinds[kind][field]}
                    disabled={field === 'toast' && !settings.kinds[kind].notify}
                    onChange={(e) => void save({ ...settings, kinds: { ...settings.kinds, [kind]: { ...settings.kinds[kind], [field]: e.target.checked } } })}
                  />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <label className="inbox-autowatch">
        <input type="checkbox" checked={settings.autoWatch} onChange={(e) => void save({ ...settings, autoWatch: e.target.checked })} /> Watch deals I comment
        on or am mentioned on
      </label>
      {error ? <div className="field-error">{error}</div> : null}
    </form>
  );
}
