/**
 * The board document model: layout, readers, mutations, selectors. Both the
 * client and the server import from here; named re-exports only.
 */
export {
  AMOUNT_QUALIFIERS,
  BOARD_KEY,
  COLUMN_KEY,
  COLUMN_KINDS,
  COMMENT_KEY,
  DEAL_COMMENTS,
  DEAL_KEY,
  DEAL_KINDS,
  DEAL_LINKS,
  DEAL_NOTES,
  DEAL_TAGS,
  SERVER_STAMPED_COMMENT_FIELDS,
  SERVER_STAMPED_DEAL_FIELDS,
  boardMap,
  columnsMap,
  dealsMap,
} from './schema';
export type {
  AmountQualifier,
  BoardField,
  BoardInfo,
  Column,
  ColumnField,
  ColumnKind,
  Comment,
  CommentField,
  Deal,
  DealKey,
  DealKind,
  InvalidRecord,
  Parsed,
} from './schema';
export { SYSTEM_ORIGIN, SYSTEM_USER_ID, userOrigin } from './origin';
export type { MutationOrigin } from './origin';
export { fail, ok } from './result';
export type { MutationError, MutationErrorCode, MutationResult } from './result';
export { newId } from './id';
export { applyPlan, compareByRank, isRankKey, planRank, rankBetween, ranksAfter } from './rank';
export type { RankPlan, Ranked } from './rank';
export {
  LIMITS,
  amountQualifierSchema,
  boardInfoPatchSchema,
  boardNameSchema,
  colorSchema,
  columnKindSchema,
  columnNameSchema,
  columnPropsSchema,
  columnSchema,
  commentBodySchema,
  commentSchema,
  currencySchema,
  dealKindSchema,
  dealPatchSchema,
  dealSchema,
  firstIssue,
  idSchema,
  initBoardSchema,
  isCurrencyCode,
  isHttpUrl,
  isIsoDate,
  linkSchema,
  newColumnSchema,
  newDealSchema,
  storedDealSchema,
  tagSchema,
  titleSchema,
} from './validate';
export type { ColumnPropsInput, DealPatch, NewColumnInput, NewDealInput } from './validate';
export {
  DEFAULT_CURRENCY,
  dealNotes,
  getColumnMap,
  getDealMap,
  isValid,
  readBoardInfo,
  readColumn,
  readColumnById,
  readColumns,
  readComment,
  readDeal,
  readDealById,
  readDeals,
} from './readers';
export type { MutationOptions } from './mutations/common';
export { initBoard, setBoardInfo } from './mutations/board';
export { addColumn, deleteColumn, moveColumn, renameColumn, setColumnProps } from './mutations/columns';
export { archiveDeal, createDeal, deleteDeal, moveDeal, restoreDeal, setPartOf, updateDeal } from './mutations/deals';
export { insideRound, partOfProblem, roundIn, selectRounds } from './parts';
export type { RoundsView } from './parts';
export { dealsById } from './selectors';
export { addComment, deleteComment, editComment } from './mutations/comments';
export { bulkEdit } from './mutations/bulk';
export type { BulkAction, BulkOutcome } from './mutations/bulk';
export { addTotals, sumLaneTotals } from './totals';
export { MAX_RATES, RATES_KEY, convertTotals, exchangeRatesSchema, parseExchangeRates, rateBetween, readExchangeRates } from './rates';
export type { ConvertedTotals, ExchangeRates } from './rates';
export { setExchangeRates } from './mutations/rates';
export { NO_CLOSE_DATE, forecast, quantile, slowestOpenDeals, timeInStage, winRate, wonByMonth } from './insights';
export type { Forecast, ForecastCell, StageTime, WinRate, WonByMonth } from './insights';
export { funnel, stageEntries } from './funnel';
export type { FunnelStage, StageEntry } from './funnel';
export { reviveDeal } from './mutations/revive';
export {
  ORPHAN_LANE_KEY,
  daysInStage,
  effectiveProbability,
  isStale,
  laneSummary,
  laneTotals,
  selectColumns,
  selectDeals,
  selectLanes,
  selectTags,
} from './selectors';
export type { ColumnsView, DealsView, Lane, LaneOptions, LaneSummary, LaneTotals, Totals } from './selectors';
export { PREVIEW_CARDS_PER_LANE, boardPreview, liveCommentCount } from './preview';
export { roundWords } from './roundWords';
export type { BoardPreview, LanePreview, PreviewCard } from './preview';
export { EMPTY_FILTER, filterKey, matchesFilter, narrowsDeals, toFilter } from './filter';
export type { DealFilter } from './filter';
export { BOARD_TEMPLATES, COLUMN_PALETTE, PIPELINE_COLUMNS, TEMPLATES } from './templates';
export type { BoardTemplate, ColumnTemplate } from './templates';
export { DEMO_DATE, buildDemoBoard } from './demo';
export { demoHistory } from './demoHistory';
export type { DemoStep } from './demoHistory';
