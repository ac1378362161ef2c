/** Deal fields reported with old and new values, in the order a summary names them. */
export const PLAIN_DEAL_FIELDS = [
  'title',
  'acquirer',
  'target',
  'kind',
  'amount',
  'amountQualifier',
  'currency',
  'valuation',
  'probability',
  'ownerId',
  'expectedClose',
  'partOf',
] as const;

/** Every field a deal.updated may name, in summary order (the server's words and the client's). */
export const DEAL_FIELD_ORDER: readonly string[] = [...PLAIN_DEAL_FIELDS, 'tags', 'links', 'notes'];
