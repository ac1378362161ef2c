/**
 * "Ana also changed the amount: kept $600B; yours was $500B · Use mine" on the deal whose field
 * two people set at once. "Use mine" is one ordinary edit that puts my value back.
 */
import type { Deal } from '../../../model';
import { updateDeal } from '../../../model';
import { fieldChanges } from '../../activity/words';
import { toast } from '../../../ui/toast';
import { useBoardSession, reportResult } from '../boardSession';
import { conflictNotices, useConflictNotices, type ConflictNotice } from './conflictNotices';

const FIELD_WORDS: Record<string, string> = { amountQualifier: 'qualifier', ownerId: 'owner', expectedClose: 'expected close' };

/** `value` of `field` in words, as the activity feed writes it ("$600B", "“Amazon”", "Ada"). */
function useFormat(deal: Deal) {
  const { people } = useBoardSession();
  return (field: string, value: unknown): string => {
    const [line] = fieldChanges(
      { [field]: { from: null, to: value } },
      { currency: deal.currency, qualifier: deal.amountQualifier, personName: (id) => people.get(id)?.name ?? 'someone' },
    );
    return line && 'to' in line ? line.to : String(value ?? '—');
  };
}

export function ConflictNotices({ deal }: { deal: Deal }) {
  const { conn, readOnly } = useBoardSession();
  const notices = useConflictNotices(conn).filter((n) => n.dealId === deal.id);
  const format = useFormat(deal);
  if (notices.length === 0) return null;
  const restoreMine = (n: ConflictNotice) => {
    const patch = { [n.field]: n.mine.value } as Parameters<typeof updateDeal>[1]['patch'];
    if (reportResult(updateDeal(conn.doc, { dealId: deal.id, patch }, conn.origin), 'Could not use your value', (m) => toast(m, 'error')))
      conflictNotices(conn).dismiss(n.id);
  };
  return (
    <div className="conflict-notices">
      {notices.map((n) => {
        const what = FIELD_WORDS[n.field] ?? n.field.toLowerCase();
        const kept = format(n.field, n.keptMine ? n.mine.value : n.theirs.value);
        const other = format(n.field, n.keptMine ? n.theirs.value : n.mine.value);
        return (
          <div key={n.id} className="conflict-notice" role="status" data-testid="conflict-notice">
            <span className="conflict-text">
              {n.theirs.name} also changed the {what}: {n.keptMine ? `kept yours, ${kept}; theirs was ${other}` : `kept ${kept}; yours was ${other}`}
            </span>
            {!n.keptMine && !readOnly ? (
              <button type="button" className="link-btn" onClick={() => restoreMine(n)}>
                Use mine
              </button>
            ) : null}
            <button type="button" className="link-btn conflict-dismiss" aria-label="Dismiss" onClick={() => conflictNotices(conn).dismiss(n.id)}>
              Dismiss
            </button>
          </div>
        );
      })}
    </div>
  );
}
