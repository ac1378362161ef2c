/**
 * What an import's activity entry offers: Undo for the importer or an owner until it is undone,
 * and, for an import logged before imports could be undone (no importId), a note instead of a
 * button that would fail.
 */
import { describe, expect, it } from 'vitest';
import type { ActivityEvent } from '../../../shared/src/events';
import { importBeforeUndo, undoableImportId } from '../../../client/src/features/import/importUndoRule';

const imported = (importId?: string): ActivityEvent => ({
  id: 'e1',
  boardId: 'b1',
  at: '2026-12-01T10:00:00.000Z',
  actor: { id: 'bob', name: 'Bob' },
  type: 'deals.imported',
  summary: 'Bob imported 2 deals',
  data: { created: 2, updated: 0, skipped: 0, stagesCreated: [], ...(importId ? { importId } : {}) },
});

describe('import undo on the activity entry', () => {
  it('offers Undo to the importer and owners, not to other editors or viewers, until undone', () => {
    const event = imported('imp-1');
    expect(undoableImportId(event, 'bob', 'editor', new Set())).toBe('imp-1');
    expect(undoableImportId(event, 'ada', 'owner', new Set())).toBe('imp-1');
    expect(undoableImportId(event, 'cy', 'editor', new Set())).toBeNull();
    expect(undoableImportId(event, 'bob', 'viewer', new Set())).toBeNull();
    expect(undoableImportId(event, 'bob', 'editor', new Set(['imp-1']))).toBeNull();
    expect(importBeforeUndo(event, 'bob', 'editor')).toBe(false);
  });

  it('an import from before import undo gets the note (for the same people), never an Undo button', () => {
    const old = imported();
    expect(undoableImportId(old, 'bob', 'editor', new Set())).toBeNull();
    expect(importBeforeUndo(old, 'bob', 'editor')).toBe(true);
    expect(importBeforeUndo(old, 'ada', 'owner')).toBe(true);
    expect(importBeforeUndo(old, 'cy', 'editor')).toBe(false);
    expect(importBeforeUndo(old, 'bob', 'viewer')).toBe(false);
  });
});
