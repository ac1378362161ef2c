/**
 * Reading a CSV export (Pipedrive, HubSpot, a spreadsheet, Tranche's own) with papaparse:
 * UTF-8 with or without a byte-order mark, `,` or `;` (or tab) between fields, quoted fields
 * with commas, quotes and line breaks inside. Blank lines are skipped.
 */
import Papa from 'papaparse';

export interface CsvTable {
  headers: string[];
  /** Data rows (the header row not included), each as long as it was in the file. */
  rows: string[][];
  delimiter: string;
}

export type CsvReading = { ok: true; table: CsvTable } | { ok: false; message: string };

/**
 * @example parseCsv('\uFEFFTitle;Value\n"Amazon → OpenAI";"$50B"\n')
 *   // {ok: true, table: {headers: ['Title', 'Value'], rows: [['Amazon → OpenAI', '$50B']], delimiter: ';'}}
 */
export function parseCsv(text: string): CsvReading {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const result = Papa.parse<string[]>(body, { skipEmptyLines: 'greedy', delimitersToGuess: [',', ';', '\t'] });
  const [head, ...rows] = result.data;
  if (!head || head.every((h) => h.trim() === '')) return { ok: false, message: 'The file has no header row' };
  const fatal = result.errors.find((e) => e.type === 'Quotes');
  if (fatal) return { ok: false, message: `Row ${(fatal.row ?? 0) + 1}: ${fatal.message}` };
  return { ok: true, table: { headers: head.map((h) => h.trim()), rows, delimiter: result.meta.delimiter } };
}
