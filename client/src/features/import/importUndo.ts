/**
 * Undoing a whole import (`POST /api/boards/:id/imports/:importId/undo`), from the import's
 * toast or its activity entry. The answer says what was put back, and what was kept because
 * someone edited it since.
 */
import { errorMessage, request } from '../../api';
import { toast } from '../../ui/toast';

export interface ImportUndoAnswer {
  importId: string;
  removed: number;
  reverted: number;
  stagesRemoved: number;
  skipped: Array<{ dealId: string; title: string; field?: string; reason: 'edited_since' | 'deal_gone' }>;
}

/** "Import undone: 2 deals removed, 1 put back. Kept 1 edited since: First (amount)." */
export function undoWords(answer: ImportUndoAnswer): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const kept = answer.skipped.map((s) => (s.field ? `${s.title} (${s.field})` : s.title));
  const shown = kept.slice(0, 3).join(', ') + (kept.length > 3 ? ` and ${kept.length - 3} more` : '');
  return `Import undone: ${plural(answer.removed, 'deal')} removed, ${answer.reverted} put back.${kept.length > 0 ? ` Kept ${kept.length} edited since: ${shown}.` : ''}`;
}

/** Undoes the import and says how it went in a toast. */
export async function runImportUndo(boardId: string, importId: string): Promise<void> {
  try {
    const answer = await request<ImportUndoAnswer>('POST', `/api/boards/${encodeURIComponent(boardId)}/imports/${encodeURIComponent(importId)}/undo`);
    toast(undoWords(answer));
  } catch (error) {
    toast(errorMessage(error), 'error');
  }
}
