/** Every editable field of a deal, each with its validation message beside it. */
import { AMOUNT_QUALIFIERS, DEAL_KINDS, isCurrencyCode, moveDeal, type Column, type Deal } from '../../../model';
import { amountToInput, parseAmount, QUALIFIER_LABEL } from '../../../lib/format';
import { KIND_LABEL } from '../dealLabels';
import { useBoardSession } from '../boardSession';
import { SelectField, TextField } from './fields';
import { TagsField } from './TagsField';
import { LinksField } from './LinksField';
import { PartOfField } from './PartOfField';
import { useDealUpdate } from './useDealUpdate';

export function DealFields({ deal, columns }: { deal: Deal; columns: Column[] }) {
  const { conn, readOnly, members, people } = useBoardSession();
  const update = useDealUpdate(deal.id);
  const column = columns.find((c) => c.id === deal.columnId) ?? null;

  const money = (field: 'amount' | 'valuation') => (input: string) => {
    const parsed = parseAmount(input, field === 'amount' ? 'Amount' : 'Valuation');
    return parsed.ok ? update({ [field]: parsed.value }) : parsed.message;
  };

  const ownerOptions = [
    { value: '', label: 'No owner' },
    ...(members ?? [...people.values()].map((p) => ({ user: { id: p.id, name: p.name } })))
      .map((m) => ({ value: m.user.id, label: m.user.name }))
      .sort((a, b) => a.label.localeCompare(b.label)),
  ];
  if (deal.ownerId && !ownerOptions.some((o) => o.value === deal.ownerId)) ownerOptions.push({ value: deal.ownerId, label: 'Former member' });

  return (
    <div className="deal-fields">
      <SelectField
        label="Stage"
        value={deal.columnId}
        testId="field-stage"
        options={[...columns.map((c) => ({ value: c.id, label: c.name })), ...(column ? [] : [{ value: deal.columnId, label: 'No stage' }])]}
        readOnly={readOnly}
        commit={(columnId) => {
          const r = moveDeal(conn.doc, { dealId: deal.id, toColumnId: columnId }, conn.origin);
          return r.ok || r.error.code === 'noop' ? null : r.error.message;
        }}
      />
      <SelectField
        label="Kind"
        value={deal.kind}
        options={DEAL_KINDS.map((k) => ({ value: k, label: KIND_LABEL[k] }))}
        readOnly={readOnly}
        commit={(kind) => update({ kind })}
      />
      <TextField
        label="Acquirer / investor"
        value={deal.acquirer}
        readOnly={readOnly}
        placeholder="e.g. Amazon"
        maxLength={200}
        commit={(acquirer) => update({ acquirer })}
        testId="field-acquirer"
      />
      <TextField
        label="Target"
        value={deal.target}
        readOnly={readOnly}
        placeholder="e.g. OpenAI"
        maxLength={200}
        commit={(target) => update({ target })}
        testId="field-target"
      />
      <div className="field-group">
        <TextField
          label="Amount"
          className="grow"
          value={amountToInput(deal.amount)}
          readOnly={readOnly}
          placeholder="e.g. 50B"
          inputMode="decimal"
          commit={money('amount')}
          testId="field-amount"
        />
        <SelectField
          label="Qualifier"
          value={deal.amountQualifier}
          options={AMOUNT_QUALIFIERS.map((q) => ({ value: q, label: QUALIFIER_LABEL[q] }))}
          readOnly={readOnly}
          commit={(amountQualifier) => update({ amountQualifier })}
        />
        <TextField
          label="Currency"
          className="currency"
          value={deal.currency}
          readOnly={readOnly}
          maxLength={3}
          commit={(raw) => {
            const currency = raw.trim().toUpperCase();
            return isCurrencyCode(currency) ? update({ currency }) : 'Use a 3-letter code like USD.';
          }}
        />
      </div>
      <TextField
        label="Valuation"
        value={amountToInput(deal.valuation)}
        readOnly={readOnly}
        placeholder="e.g. 830B"
        inputMode="decimal"
        commit={money('valuation')}
      />
      <TextField
        label="Probability (%)"
        value={deal.probability === null ? '' : String(deal.probability)}
        readOnly={readOnly}
        inputMode="numeric"
        placeholder={column?.probability != null ? `Stage default: ${column.probability}` : '0–100'}
        hint={deal.probability === null ? 'Using the stage default.' : undefined}
        commit={(raw) => {
          const t = raw.trim().replace(/%$/, '');
          if (t === '') return update({ probability: null });
          const n = Number(t);
          if (!Number.isInteger(n) || n < 0 || n > 100) return 'A whole number from 0 to 100, or empty for the stage default.';
          return update({ probability: n });
        }}
        testId="field-probability"
      />
      <SelectField label="Owner" value={deal.ownerId ?? ''} options={ownerOptions} readOnly={readOnly} commit={(id) => update({ ownerId: id || null })} />
      <TextField
        label="Expected close"
        type="date"
        value={deal.expectedClose?.slice(0, 10) ?? ''}
        readOnly={readOnly}
        commit={(d) => update({ expectedClose: d || null })}
      />
      <PartOfField deal={deal} />
      <TagsField tags={deal.tags} readOnly={readOnly} commit={(tags) => update({ tags })} />
      <LinksField links={deal.links} readOnly={readOnly} commit={(links) => update({ links })} />
    </div>
  );
}
