/**
 * Exchange rates (issue 15.4): validated on entry, read back or ignored when invalid, and the
 * converted roll-up of totals, which converts only currencies the board has a rate for and
 * leaves every other one apart. The schema guard passes setting and clearing rates, and the
 * server's stamping puts back an editor's rates (owner-only).
 */
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
  boardMap,
  convertTotals,
  createDeal,
  parseExchangeRates,
  readExchangeRates,
  selectLanes,
  setBoardInfo,
  setExchangeRates,
  sumLaneTotals,
} from '../../../shared/src/board';
import { checkUpdateShape } from '../../../server/src/sync/schemaGuard';
import { applyStampedUpdate } from '../../../server/src/sync/stampIdentity';
import { ADA, NOW, expectRejected, pipelineBoard, value } from './util';

const RATES = { asOf: '2026-12-01', perUnit: { EUR: 1.1, GBP: 1.25 } };

describe('exchange rates', () => {
  it('are stored with the board currency as their base and read back', () => {
    const { doc } = pipelineBoard();
    value(setExchangeRates(doc, RATES, ADA));
    expect(readExchangeRates(doc)).toEqual({ base: 'USD', ...RATES });
    expect(setExchangeRates(doc, RATES, ADA)).toMatchObject({ ok: false, error: { code: 'noop' } });
    value(setExchangeRates(doc, null, ADA));
    expect(readExchangeRates(doc)).toBeNull();
    expect(boardMap(doc).has('rates')).toBe(false);
  });

  it('refuse bad input naming the field, and change nothing', () => {
    const { doc } = pipelineBoard();
    expectRejected(doc, () => setExchangeRates(doc, { asOf: '1 Dec', perUnit: { EUR: 1.1 } }, ADA), 'invalid', 'asOf');
    expectRejected(doc, () => setExchangeRates(doc, { asOf: '2026-12-01', perUnit: { EUR: -1 } }, ADA), 'invalid', 'perUnit.EUR');
    expectRejected(doc, () => setExchangeRates(doc, { asOf: '2026-12-01', perUnit: { EUR: Number.NaN } }, ADA), 'invalid', 'perUnit.EUR');
    expectRejected(doc, () => setExchangeRates(doc, { asOf: '2026-12-01', perUnit: { usd: 1 } }, ADA), 'invalid', 'perUnit.usd');
    expectRejected(doc, () => setExchangeRates(doc, { asOf: '2026-12-01', perUnit: { USD: 1 } }, ADA), 'invalid', 'perUnit');
  });

  it('a stored value that is not valid rates reads as no rates (never a crash, never a guess)', () => {
    for (const bad of ['{', '{"base":"USD","asOf":"2026-12-01","perUnit":{"EUR":0}}', 42, '{"base":"USD"}', 'x'.repeat(30_000)]) {
      expect(parseExchangeRates(bad)).toBeNull();
    }
  });

  it('the roll-up converts the currencies with a rate, leaves the rest apart, and is null without rates', () => {
    const { doc, columns } = pipelineBoard();
    for (const [amount, currency] of [
      [50e9, 'USD'],
      [10e9, 'EUR'],
      [2e9, 'GBP'],
      [1e9, 'JPY'],
    ] as const) {
      value(createDeal(doc, { title: `${currency} deal`, amount, currency, probability: 50, columnId: columns.talks }, ADA, { now: NOW }));
    }
    const totals = sumLaneTotals(selectLanes(doc), 'USD', NOW);
    expect(convertTotals(totals, 'USD', null)).toBeNull();
    value(setExchangeRates(doc, RATES, ADA));
    const rollup = convertTotals(totals, 'USD', readExchangeRates(doc));
    expect(rollup).toEqual({
      count: 4,
      sum: 50e9 + 10e9 * 1.1 + 2e9 * 1.25,
      weighted: 25e9 + 5e9 * 1.1 + 1e9 * 1.25,
      currency: 'USD',
      asOf: '2026-12-01',
      converted: ['EUR', 'GBP'],
      apart: { JPY: { count: 1, sum: 1e9, weighted: 0.5e9 } },
    });
    // The per-currency totals are untouched.
    expect(totals.sum).toBe(50e9);
    expect(Object.keys(totals.otherCurrencies).sort()).toEqual(['EUR', 'GBP', 'JPY']);
    // Only a currency without a rate besides the board's: nothing to roll up.
    expect(
      convertTotals({ count: 1, sum: 1, weighted: 1, otherCurrencies: { JPY: { count: 1, sum: 5, weighted: 5 } } }, 'USD', readExchangeRates(doc)),
    ).toBeNull();
  });

  it('after the board currency changes, converts through the rates’ base (cross rates), never an invented one', () => {
    const { doc } = pipelineBoard();
    value(setExchangeRates(doc, RATES, ADA));
    value(setBoardInfo(doc, { currency: 'EUR' }, ADA));
    const rates = readExchangeRates(doc);
    const rollup = convertTotals(
      { count: 2, sum: 100, weighted: 100, otherCurrencies: { USD: { count: 1, sum: 110, weighted: 110 }, GBP: { count: 1, sum: 11, weighted: 11 } } },
      'EUR',
      rates,
    );
    expect(rollup?.sum).toBeCloseTo(100 + 110 / 1.1 + (11 * 1.25) / 1.1, 9);
    expect(rollup?.converted).toEqual(['USD', 'GBP']);
    value(setBoardInfo(doc, { currency: 'CHF' }, ADA));
    // No CHF rate: nothing can be converted into CHF.
    expect(
      convertTotals({ count: 1, sum: 1, weighted: 1, otherCurrencies: { EUR: { count: 1, sum: 1, weighted: 1 } } }, 'CHF', readExchangeRates(doc)),
    ).toBeNull();
  });

  it('setting and clearing rates passes the schema guard; a nested type under rates does not', () => {
    const { doc: server } = pipelineBoard();
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
    const checked: boolean[] = [];
    client.on('update', (update: Uint8Array) => {
      checked.push(checkUpdateShape(server, Y.decodeUpdate(update).structs).ok);
      Y.applyUpdate(server, update);
    });
    value(setExchangeRates(client, RATES, ADA));
    value(setExchangeRates(client, null, ADA));
    expect(checked).toEqual([true, true]);
    const hostile = new Y.Doc();
    Y.applyUpdate(hostile, Y.encodeStateAsUpdate(server));
    const before = Y.encodeStateVector(hostile);
    boardMap(hostile).set('rates', new Y.Map());
    expect(checkUpdateShape(server, Y.decodeUpdate(Y.encodeStateAsUpdate(hostile, before)).structs).ok).toBe(false);
  });

  it('are owner-only: the server takes an editor’s new rates away and puts back the owner’s', () => {
    const { doc: server } = pipelineBoard();
    const editor = new Y.Doc();
    Y.applyUpdate(editor, Y.encodeStateAsUpdate(server));
    const send = (isOwner: boolean, change: () => void) => {
      const before = Y.encodeStateVector(editor);
      change();
      applyStampedUpdate(server, Y.encodeStateAsUpdate(editor, before), 'conn', 'someone', isOwner, NOW);
      Y.applyUpdate(editor, Y.encodeStateAsUpdate(server));
    };
    send(false, () => value(setExchangeRates(editor, RATES, ADA)));
    expect(readExchangeRates(server)).toBeNull();
    expect(boardMap(server).has('rates')).toBe(false);
    send(true, () => value(setExchangeRates(editor, RATES, ADA)));
    expect(readExchangeRates(server)?.perUnit).toEqual(RATES.perUnit);
    send(false, () => value(setExchangeRates(editor, { asOf: '2026-12-02', perUnit: { EUR: 9 } }, ADA)));
    expect(readExchangeRates(server)).toEqual({ base: 'USD', ...RATES });
    send(false, () => value(setExchangeRates(editor, null, ADA)));
    expect(readExchangeRates(server)).toEqual({ base: 'USD', ...RATES });
  });
});
