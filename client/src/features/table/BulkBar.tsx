/**
 * Bulk edit of the selected rows: move to a stage, set the owner, add or remove a tag, archive.
 * Each is one shared `bulkEdit`, one transaction with this session's origin: one undo step.
 */
import { useState } from 'react';
import { bulkEdit, type BulkAction } from '../../model';
import { useBoard } from '../../hooks/useBoard';
import { toast } from '../../ui/toast';
import { Icon } from '../../ui/Icon';
import { useBoardSession } from '../board/boardSession';

export function BulkBar({ dealIds, onDone }: { dealIds: string[]; onDone: () => void }) {
  const { conn, people } = useBoardSession();
  const stages = useBoard((b) => b.columns());
  const tags = useBoard((b) => b.tags());
  const [tag, setTag] = useState('');

  const run = (action: BulkAction, what: string) => {
    const result = bulkEdit(conn.doc, dealIds, action, conn.origin);
    if (!result.ok) return;
    const { changed, refused, firstError } = result.value;
    if (refused > 0) toast(`${what}: ${refused} not changed (${firstError ?? 'refused'})`, 'error');
    else toast(`${what}: ${changed} deal${changed === 1 ? '' : 's'} changed. Ctrl+Z undoes it.`);
    if (action.type === 'archive') onDone();
  };

  return (
    <div className="table-bulk" role="toolbar" aria-label="Bulk edit" data-testid="bulk-bar">
      <strong>{dealIds.length} selected</strong>
      <select
        className="select select-sm"
        aria-label="Move selected to stage"
        value=""
        onChange={(e) => e.target.value && run({ type: 'move', columnId: e.target.value }, 'Moved')}
      >
        <option value="">Move to…</option>
        {stages.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
      <select
        className="select select-sm"
        aria-label="Set owner of selected"
        value=""
        onChange={(e) => run({ type: 'owner', ownerId: e.target.value === '-' ? null : e.target.value }, 'Owner set')}
      >
        <option value="">Owner…</option>
        <option value="-">No owner</option>
        {[...people.values()].map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
      <input
        className="input input-sm table-bulk-tag"
        list="table-bulk-tags"
        placeholder="Tag"
        aria-label="Tag for selected"
        value={tag}
        onChange={(e) => setTag(e.target.value)}
      />
      <datalist id="table-bulk-tags">
        {tags.map((t) => (
          <option key={t} value={t} />
        ))}
      </datalist>
      <button type="button" className="btn btn-sm" disabled={!tag.trim()} onClick={() => run({ type: 'addTag', tag: tag.trim() }, 'Tag added')}>
        <Icon name="tag" size={13} /> Add tag
      </button>
      <button type="button" className="btn btn-sm" disabled={!tag.trim()} onClick={() => run({ type: 'removeTag', tag: tag.trim() }, 'Tag removed')}>
        Remove tag
      </button>
      <button type="button" className="btn btn-sm btn-danger" onClick={() => run({ type: 'archive' }, 'Archived')}>
        <Icon name="archive" size={13} /> Archive
      </button>
      <button type="button" className="btn btn-ghost btn-sm" onClick={onDone}>
        <Icon name="x" size={13} /> Clear
      </button>
    </div>
  );
}
