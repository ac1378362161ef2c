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
