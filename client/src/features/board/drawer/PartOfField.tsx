/**
 * "Part of": the round this deal is a part (tranche) of, picked from the board's deals that can
 * be one (not this deal, not itself a part). A native select, so it works with the keyboard and
 * screen readers as any other field. A round with parts shows them instead: one level deep.
 */
import { useCallback, useId, useState } from 'react';
import { setPartOf, type Deal } from '../../../model';
import { useBoard } from '../../../hooks/useBoard';
import type { BoardStore } from '../../../hooks/boardStore';
import { FieldShell } from '../../../ui/FieldShell';
import { useBoardSession } from '../boardSession';

const NONE = '';

/** The model's message as a plain sentence (the field name is the API's, not the person's). */
function sentence(message: string): string {
  const text = message.replace(/^partOf:\s*/, '');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

export function PartOfField({ deal }: { deal: Deal }) {
  const { conn, readOnly } = useBoardSession();
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  const parts = useBoard(useCallback((board: BoardStore) => board.rounds().partsOf.get(deal.id), [deal.id]));
  const deals = useBoard(useCallback((board: BoardStore) => board.deals(), []));

  if (parts && parts.length > 0) {
    return (
      <div className="field span-2">
        <span className="field-label" id={id}>
          Parts
        </span>
        <ul aria-labelledby={id} className="parts-list" data-testid="field-parts">
          {parts.map((part) => (
            <li key={part.id}>{part.title}</li>
          ))}
        </ul>
        <div className="field-hint">Their amounts are counted inside this round. A round cannot itself be part of another deal.</div>
      </div>
    );
  }

  const options = deals
    .filter((d) => !d.archived && d.id !== deal.id && d.partOf === null)
    .sort((a, b) => a.title.localeCompare(b.title))
    .map((d) => ({ value: d.id, label: d.title }));
  if (deal.partOf && !options.some((o) => o.value === deal.partOf)) {
    const gone = deals.find((d) => d.id === deal.partOf);
    options.unshift({ value: deal.partOf, label: gone ? `${gone.title} (cannot be a round)` : 'A deal no longer on the board' });
  }

  return (
    <FieldShell
      label="Part of"
      htmlFor={id}
      error={error}
      className="span-2"
      hint={deal.partOf ? 'Its amount is counted inside the round, not added again.' : 'A tranche of a bigger round? Pick the round.'}
    >
      <select
        id={id}
        className="select"
        value={deal.partOf ?? NONE}
        disabled={readOnly}
        data-testid="field-part-of"
        onChange={(e) => {
          const r = setPartOf(conn.doc, { dealId: deal.id, partOf: e.target.value || null }, conn.origin);
          setError(r.ok || r.error.code === 'noop' ? null : sentence(r.error.message));
        }}
      >
        <option value={NONE}>Not part of another deal</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}
