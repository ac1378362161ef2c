/** CSV reading and header recognition for imports (issue 15.3). */
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../shared/src/import/csv';
import { fieldForHeader, guessMapping } from '../../../shared/src/import/fields';

const table = (text: string) => {
  const r = parseCsv(text);
  if (!r.ok) throw new Error(r.message);
  return r.table;
};

describe('parseCsv', () => {
  it('reads comma-separated UTF-8 with a byte-order mark', () => {
    const t = table('\uFEFFTitle,Value\r\nAmazon → OpenAI,$50B\r\n');
    expect(t.headers).toEqual(['Title', 'Value']);
    expect(t.rows).toEqual([['Amazon → OpenAI', '$50B']]);
    expect(t.delimiter).toBe(',');
  });

  it('reads semicolons and quoted fields with separators, quotes and line breaks inside', () => {
    const t = table('Title;Value;Notes\n"SoftBank; more";"30,000,000,000";"said ""yes""\nlater"\n\n');
    expect(t.delimiter).toBe(';');
    expect(t.rows).toEqual([['SoftBank; more', '30,000,000,000', 'said "yes"\nlater']]);
  });

  it('an empty file or a file without a header is an error', () => {
    expect(parseCsv('').ok).toBe(false);
    expect(parseCsv('\n\n').ok).toBe(false);
  });
});

describe('header recognition', () => {
  it('knows Pipedrive export headers', () => {
    expect(
      guessMapping([
        'Deal - ID',
        'Deal - Title',
        'Deal - Value',
        'Deal - Currency',
        'Deal - Stage',
        'Deal - Expected close date',
        'Deal - Owner',
        'Deal - Probability',
        'Deal - Organization',
      ]),
    ).toEqual(['externalId', 'title', 'amount', 'currency', 'stage', 'expectedClose', 'owner', 'probability', 'acquirer']);
  });

  it('knows HubSpot export headers', () => {
    expect(guessMapping(['Record ID', 'Deal Name', 'Amount', 'Deal Stage', 'Close Date', 'Deal owner', 'Deal probability'])).toEqual([
      'externalId',
      'title',
      'amount',
      'stage',
      'expectedClose',
      'owner',
      'probability',
    ]);
  });

  it('knows Tranche’s own export and leaves unknown columns out; a field is taken once', () => {
    expect(fieldForHeader('amountQualifier')).toBe('amountQualifier');
    expect(fieldForHeader('Favourite colour')).toBeNull();
    expect(guessMapping(['Title', 'Name', 'Colour'])).toEqual(['title', null, null]);
  });
});
