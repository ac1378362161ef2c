/** The amount rule both sides use: "1,5B" is an error that names the field, and amounts are capped. */
import { describe, expect, it } from 'vitest';
import { MAX_AMOUNT, parseAmount, readAmount } from '../../../shared/src/input/amount';
import { dealPatchSchema } from '../../../shared/src/board/validate';

describe('parseAmount', () => {
  it.each([
    ['50B', 50e9],
    ['$8 bn', 8e9],
    ['1.5m', 1.5e6],
    ['50,000,000', 50e6],
    ['1,500,000.5', 1_500_001],
    ['€ 300M', 300e6],
    ['1,500M', 1.5e9],
    ['1000T', 1e15],
  ])('reads %s', (input, expected) => {
    expect(parseAmount(input)).toEqual({ ok: true, value: expected });
  });

  it('reads empty input as no amount', () => {
    expect(parseAmount('  ')).toEqual({ ok: true, value: null });
  });

  it('refuses a decimal comma instead of reading 1,5B as 15B, naming the field', () => {
    const parsed = parseAmount('1,5B');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.message).toMatch(/^Amount /);
    expect(parsed.message).toContain('1.5B');
    expect(parseAmount('2,75', 'Valuation')).toMatchObject({ ok: false, message: expect.stringMatching(/^Valuation .*2\.75/) });
  });

  it.each(['1.500.000', '1,50,000', '1,5,00', '12,34.5'])('refuses the mixed separators in %s', (input) => {
    expect(parseAmount(input)).toMatchObject({ ok: false, message: expect.stringMatching(/^Amount .*separators/) });
  });

  it('refuses amounts above the maximum with a clear message', () => {
    expect(parseAmount('12345678901234567890')).toEqual({ ok: false, message: 'Amount is too large: the most a deal can carry is 1,000T.' });
    expect(parseAmount('1001T')).toMatchObject({ ok: false });
    expect(parseAmount(String(MAX_AMOUNT))).toEqual({ ok: true, value: MAX_AMOUNT });
  });

  it('refuses negative and unreadable amounts', () => {
    expect(parseAmount('-5B')).toEqual({ ok: false, message: 'Amount cannot be negative.' });
    expect(parseAmount('lots')).toMatchObject({ ok: false, message: expect.stringContaining('amount') });
    expect(parseAmount('5 zillion')).toMatchObject({ ok: false });
  });

  it('is the cap the document schema enforces too (the server refuses the same amounts)', () => {
    expect(dealPatchSchema.safeParse({ amount: MAX_AMOUNT }).success).toBe(true);
    const tooBig = dealPatchSchema.safeParse({ amount: Number('12345678901234567890') });
    expect(tooBig.success).toBe(false);
    expect(tooBig.error?.issues[0]?.path).toEqual(['amount']);
    expect(dealPatchSchema.safeParse({ valuation: MAX_AMOUNT * 10 }).success).toBe(false);
  });
});

describe('readAmount (the same rule, with what the text also says)', () => {
  it('names the field when given one, and reads qualifier and currency', () => {
    expect(readAmount('1,5B', { label: 'Amount' })).toMatchObject({ ok: false, message: expect.stringMatching(/^Amount '1,5B' is ambiguous/) });
    expect(readAmount('up to €1.2M', { label: 'Amount' })).toEqual({ ok: true, amount: 1.2e6, qualifier: 'up_to', currency: 'EUR' });
  });

  it('reads points as thousands groups only when asked (files), never in a typed box', () => {
    expect(readAmount('50.000.000', { pointGroups: true })).toMatchObject({ ok: true, amount: 50e6 });
    expect(readAmount('50.000.000')).toMatchObject({ ok: false });
  });

  it('refuses a currency symbol without a number instead of reading it as no amount', () => {
    expect(parseAmount('$')).toMatchObject({ ok: false });
  });
});
