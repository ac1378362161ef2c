/** The amount rules of the CSV import and the table's amount cells (issue 15.3), as the import reads them. */
import { describe, expect, it } from 'vitest';
import { readAmount as readAny, type AmountReading } from '../../../shared/src/input/amount';

/** The import also reads "50.000.000" (points as thousands groups), as European spreadsheets export. */
const readAmount = (text: string): AmountReading => readAny(text, { pointGroups: true });

const amountOf = (text: string) => {
  const r = readAmount(text);
  if (!r.ok) throw new Error(r.message);
  return r.amount;
};

describe('readAmount', () => {
  it.each([
    ['50000000000', 50e9],
    ['50,000,000,000', 50e9],
    ['$50B', 50e9],
    ['50 bn', 50e9],
    ['€1.2M', 1.2e6],
    ['1.5b', 1.5e9],
    ['8 billion', 8e9],
    ['USD 300m', 300e6],
    ['50.000.000', 50e6],
    ['250k', 250e3],
  ])('reads %s as %d', (text, expected) => {
    expect(amountOf(text)).toBe(expected);
  });

  it('reads the currency and qualifier it names', () => {
    expect(readAmount('up to $50B')).toEqual({ ok: true, amount: 50e9, qualifier: 'up_to', currency: 'USD' });
    expect(readAmount('€1.2M')).toEqual({ ok: true, amount: 1.2e6, qualifier: null, currency: 'EUR' });
    expect(readAmount('~8B GBP')).toEqual({ ok: true, amount: 8e9, qualifier: 'about', currency: 'GBP' });
  });

  it('empty is no amount', () => {
    expect(readAmount('  ')).toEqual({ ok: true, amount: null, qualifier: null, currency: null });
  });

  it.each(['1,5B', '1,5', '12,34 M'])('refuses the ambiguous %s, never reading it 10x off', (text) => {
    const r = readAmount(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/ambiguous/);
  });

  it.each(['fifty', '50 zillion', '1.2.3', '$', '5,00,000'])('refuses %s with a message', (text) => {
    const r = readAmount(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(text.trim());
  });
});
