/** The second line of an activity entry: a deal.updated's changes with their values, or a comment's excerpt. */
import type { ActivityEvent } from '../../../../shared/src/events';
import { NO_VALUE, excerptOf, fieldChanges, type ValueContext } from './words';

export function EventDetails({ event, values }: { event: ActivityEvent; values: ValueContext }) {
  if (event.type === 'deal.updated') {
    const changes = fieldChanges(event.data.fields, values);
    if (changes.length === 0) return null;
    return (
      <ul className="activity-changes">
        {changes.map((c) => (
          <li key={c.field}>
            <span className="chg-label">{c.label}:</span>{' '}
            {'text' in c ? (
              <span className="chg-to">{c.text}</span>
            ) : (
              <>
                <span className={NO_VALUE.has(c.from) ? 'chg-none' : 'chg-from'}>{c.from}</span>
                <span className="chg-arrow" aria-label="to">
                  {' → '}
                </span>
                <span className="chg-to">{c.to}</span>
              </>
            )}
          </li>
        ))}
      </ul>
    );
  }
  const excerpt = event.type === 'comment.added' || event.type === 'comment.edited' ? excerptOf(event) : null;
  if (excerpt) return <blockquote className="activity-quote">{excerpt}</blockquote>;
  return null;
}
