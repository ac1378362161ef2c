/**
 * The deal fields a CSV column can fill, and the headers that name them in common exports
 * (Pipedrive "Deal - Title", HubSpot "Deal Name", Tranche's own export.csv, plain words).
 * "Part of" names the round a deal is part of (by its id, External ID or title; see partOf.ts).
 */
export const IMPORT_FIELDS = [
  'externalId',
  'title',
  'stage',
  'kind',
  'acquirer',
  'target',
  'amount',
  'amountQualifier',
  'currency',
  'valuation',
  'probability',
  'owner',
  'expectedClose',
  'tags',
  'partOf',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** For each CSV column (by index), the field it fills, or null to ignore it. */
export type ColumnMapping = Array<ImportField | null>;

export const IMPORT_FIELD_LABEL: Record<ImportField, string> = {
  externalId: 'External ID',
  title: 'Title',
  stage: 'Stage',
  kind: 'Kind',
  acquirer: 'Acquirer',
  target: 'Target',
  amount: 'Amount',
  amountQualifier: 'Amount qualifier',
  currency: 'Currency',
  valuation: 'Valuation',
  probability: 'Probability',
  owner: 'Owner',
  expectedClose: 'Expected close',
  tags: 'Tags',
  partOf: 'Part of',
};

/** Normalised header → field. Headers are compared lower case, without punctuation or a "deal" prefix. */
const SYNONYMS: Record<string, ImportField> = {
  externalid: 'externalId',
  id: 'externalId',
  recordid: 'externalId',
  dealid: 'externalId',
  title: 'title',
  dealtitle: 'title',
  name: 'title',
  dealname: 'title',
  stage: 'stage',
  dealstage: 'stage',
  pipelinestage: 'stage',
  status: 'stage',
  kind: 'kind',
  type: 'kind',
  dealtype: 'kind',
  acquirer: 'acquirer',
  investor: 'acquirer',
  buyer: 'acquirer',
  organization: 'acquirer',
  organisation: 'acquirer',
  company: 'acquirer',
  associatedcompany: 'acquirer',
  target: 'target',
  seller: 'target',
  amount: 'amount',
  value: 'amount',
  dealvalue: 'amount',
  dealamount: 'amount',
  amountqualifier: 'amountQualifier',
  qualifier: 'amountQualifier',
  currency: 'currency',
  dealcurrency: 'currency',
  currencycode: 'currency',
  valuation: 'valuation',
  probability: 'probability',
  dealprobability: 'probability',
  winprobability: 'probability',
  owner: 'owner',
  ownerid: 'owner',
  dealowner: 'owner',
  assignedto: 'owner',
  expectedclose: 'expectedClose',
  expectedclosedate: 'expectedClose',
  closedate: 'expectedClose',
  tags: 'tags',
  labels: 'tags',
  label: 'tags',
  partof: 'partOf',
  round: 'partOf',
  parentdeal: 'partOf',
  parent: 'partOf',
};

function normalise(header: string): string {
  return header
    .toLowerCase()
    .replace(/^deal\s*-\s*/, '')
    .replace(/[^a-z0-9]/g, '');
}

/** The field a header names, if it is one we recognise. */
export function fieldForHeader(header: string): ImportField | null {
  return SYNONYMS[normalise(header)] ?? null;
}

/** A mapping guessed from the headers: each recognised field taken by its first column only. */
export function guessMapping(headers: readonly string[]): ColumnMapping {
  const taken = new Set<ImportField>();
  return headers.map((header) => {
    const field = fieldForHeader(header);
    if (!field || taken.has(field)) return null;
    taken.add(field);
    return field;
  });
}
