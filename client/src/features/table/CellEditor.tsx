/**
 * The in-place editor of the active cell: a text box, a date box or a list, by the column's
 * editor kind. Enter commits and goes down, Tab commits and goes right (Shift+Tab left),
 * Escape gives up; a list commits as soon as a choice is made.
 */
import { useState } from 'react';
import { DEAL_KINDS, type Deal } from '../../model';
import { useBoard } from '../../hooks/useBoard';
import { useBoardSession } from '../board/boardSession';
import { KIND_LABEL } from '../board/dealLabels';
import { editText } from './cellEdit';
import type { TableColumnDef, TableRow } from './tableColumns';

export function CellEditor({
  def,
  row,
  initial,
  onCommit,
  onCancel,
}: {
  def: TableColumnDef;
  row: TableRow;
  initial: string | null;
  onCommit: (text: string, then: 'down' | 'right' | 'left' | 'stay') => void;
  onCancel: () => void;
}) {
  const [text, setText] = useState(() => initial ?? editText(def, row));
  const { people } = useBoardSession();
  const stages = useBoard((b) => b.columns());
  const deals = useBoard((b) => (def.editor === 'partOf' ? b.deals() : null));

  const onKeyDown = (e: React.KeyboardEvent<HTMLInputElement | HTMLSelectElement>) => {
    e.stopPropagation();
    if (e.key === 'Enter') {
      e.preventDefault();
      onCommit(text, 'down');
    } else if (e.key === 'Tab') {
      e.preventDefault();
      onCommit(text, e.shiftKey ? 'left' : 'right');
    } else if (e.key === 'Escape') {
      e.preventDefault();
      onCancel();
    }
  };

  const options: Array<[string, string]> | null =
    def.editor === 'stage'
      ? stages.map((c) => [c.id, c.name])
      : def.editor === 'owner'
        ? [['', 'No owner'], ...[...people.values()].sort((a, b) => a.name.localeCompare(b.name)).map((p): [string, string] => [p.id, p.name])]
        : def.editor === 'kind'
          ? DEAL_KINDS.map((k) => [k, KIND_LABEL[k]])
          : deals
            ? roundChoices(deals, row)
            : null;

  if (options) {
    return (
      <select
        className="table-editor"
        aria-label={def.label}
        autoFocus
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          onCommit(e.target.value, 'stay');
        }}
        onKeyDown={onKeyDown}
        onBlur={onCancel}
      >
        {options.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
    );
  }
  return (
    <input
      className="table-editor"
      aria-label={def.label}
      type={def.editor === 'date' ? 'date' : 'text'}
      autoFocus
      value={text}
      onChange={(e) => setText(e.target.value)}
      onKeyDown={onKeyDown}
      onBlur={() => onCommit(text, 'stay')}
      onFocus={(e) => {
        if (initial !== null && e.currentTarget.type === 'text') e.currentTarget.setSelectionRange(text.length, text.length);
      }}
    />
  );
}

/** The deals this row's deal may be part of, as in the drawer: not itself, not archived, not itself a part. */
function roundChoices(deals: readonly Deal[], { deal, round }: TableRow): Array<[string, string]> {
  const choices = deals
    .filter((d) => !d.archived && d.id !== deal.id && d.partOf === null)
    .sort((a, b) => a.title.localeCompare(b.title))
    .map((d): [string, string] => [d.id, d.title]);
  if (deal.partOf && !choices.some(([id]) => id === deal.partOf))
    choices.unshift([deal.partOf, round ? `${round.title} (cannot be a round)` : 'A deal no longer on the board']);
  return [['', 'Not part of another deal'], ...choices];
}
