/** Time travel: the board between two moments (server answers, client charts). Named re-exports only. */
export { CHANGE_KINDS } from './types';
export type { ChangeAuthor, ChangeKind, ChangesReport, DealChange, PipelineTotals, WaterfallStep } from './types';
export { boardState } from './dealStates';
export type { BoardState, DealAt } from './dealStates';
export { classifyDeal, WHOLE_DEAL } from './classify';
export type { Classified } from './classify';
export { inPipeline, pipelineTotals } from './pipeline';
export { waterfallOf } from './waterfall';
export { RESTORABLE_FIELDS, isRestorableField, momentBefore } from './restorable';
export type { RestorableField } from './restorable';
