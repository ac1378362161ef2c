/** The deal fields a restore from history may put back: what a person edits, plus the column and archived. */
export const RESTORABLE_FIELDS = [
  'title',
  'kind',
  'acquirer',
  'target',
  'amount',
  'amountQualifier',
  'currency',
  'valuation',
  'probability',
  'ownerId',
  'expectedClose',
  'partOf',
  'tags',
  'links',
  'notes',
  'columnId',
  'archived',
] as const;
export type RestorableField = (typeof RESTORABLE_FIELDS)[number];

/** True for a field name a restore can put back. */
export function isRestorableField(field: string): field is RestorableField {
  return (RESTORABLE_FIELDS as readonly string[]).includes(field);
}

/**
 * The moment a restore of an activity entry reads the earlier value at: 1 ms before the
 * first edit the entry tells (`data.since` for coalesced typing, else the entry's time).
 */
export function momentBefore(event: { at: string; data?: unknown }): string {
  const since = (event.data as { since?: unknown } | undefined)?.since;
  const first = typeof since === 'string' && Number.isFinite(Date.parse(since)) ? since : event.at;
  return new Date(Date.parse(first) - 1).toISOString();
}
