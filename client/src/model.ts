/**
 * The client's single import point for the shared board model (shared/src/board): readers,
 * selectors, validators and the named mutations that are the only way the UI writes.
 */
export {
  boardMap,
  columnsMap,
  dealsMap,
  COLUMN_KINDS,
  DEAL_KINDS,
  AMOUNT_QUALIFIERS,
  type AmountQualifier,
  type BoardInfo,
  type Column,
  type ColumnKind,
  type Comment,
  type Deal,
  type DealKind,
  type InvalidRecord,
  type Parsed,
} from '../../shared/src/board/schema';
export { userOrigin, type MutationOrigin } from '../../shared/src/board/origin';
export type { MutationResult } from '../../shared/src/board/result';
export { readBoardInfo, readDealById, dealNotes, isValid } from '../../shared/src/board/readers';
export { selectColumns, selectLanes, laneTotals, isStale, daysInStage, effectiveProbability, type Lane, type LaneTotals } from '../../shared/src/board/selectors';
export { dealPatchSchema, firstIssue, isHttpUrl, isCurrencyCode, LIMITS } from '../../shared/src/board/validate';
export { setBoardInfo } from '../../shared/src/board/mutations/board';
export { addColumn, renameColumn, moveColumn, setColumnProps, deleteColumn } from '../../shared/src/board/mutations/columns';
export { createDeal, updateDeal, moveDeal, archiveDeal, restoreDeal, deleteDeal } from '../../shared/src/board/mutations/deals';
export { addComment, editComment, deleteComment } from '../../shared/src/board/mutations/comments';
