/**
 * Activity in words for the UI: what a deal is called, the toast line, a deal.updated's field
 * changes with formatted values ("Amount: up to $30B → up to $50B"), and the short sentences of
 * a deal's own timeline. Everything returns plain strings; React renders them as text.
 */
import { DEAL_FIELD_ORDER } from '../../../../shared/src/board/fieldOrder';
import type { ActivityData, ActivityEvent } from '../../../../shared/src/events';
import { AMOUNT_QUALIFIERS, DEAL_KINDS, type AmountQualifier, type DealKind } from '../../model';
import { formatAmount, formatDate, formatMoney, QUALIFIER_LABEL } from '../../lib/format';
import { KIND_LABEL } from '../board/dealLabels';

export { dealLabel } from '../../../../shared/src/board/dealLabel';

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export type Outcome = 'won' | 'lost';

export function outcomeOf(event: ActivityEvent): Outcome | null {
  if (event.type !== 'deal.created' && event.type !== 'deal.moved') return null;
  return event.data.outcome ?? null;
}

/** The column a deal.moved or deal.created put the deal in, by name. */
export function targetColumnName(event: ActivityEvent): string {
  const name = event.type === 'deal.moved' ? event.data.toName : event.type === 'deal.created' ? event.data.columnName : null;
  return name || 'another stage';
}

/** "Bob Marsh moved Amazon invests in OpenAI to Closed — won 🎉". */
export function toastText(event: ActivityEvent, label: string): string {
  const outcome = outcomeOf(event);
  const tail = outcome === 'won' ? ' — won 🎉' : outcome === 'lost' ? ' — lost' : '';
  const verb = event.type === 'deal.created' ? 'added' : 'moved';
  return `${event.actor.name} ${verb} ${label} to ${targetColumnName(event)}${tail}`;
}

/**
 * The summary split at the actor's name, so the name can be set in bold:
 * `{actor: "Bob Marsh", rest: " moved …"}`; `actor` is empty when the summary does not start with it.
 */
export function splitSummary(event: ActivityEvent): { actor: string; rest: string } {
  const name = event.actor.name.trim();
  if (name && event.summary.startsWith(name)) return { actor: name, rest: event.summary.slice(name.length) };
  return { actor: '', rest: event.summary };
}

// ---- field changes -------------------------------------------------------------------

export interface ValueContext {
  /** The deal's currency and qualifier now, for amounts whose event did not change them. */
  currency: string;
  qualifier: AmountQualifier;
  personName: (userId: string) => string;
  /** A deal's title by id (for "Part of"); without it, or for a deal gone since, "another deal". */
  dealName?: (dealId: string) => string | undefined;
}

export type FieldChange = { field: string; label: string; from: string; to: string } | { field: string; label: string; text: string };

/** Words that say "there was no value" (shown plainly, not struck through as an old value). */
export const NO_VALUE = new Set(['—', 'nobody', 'stage default']);

const FIELD_LABEL: Record<string, string> = {
  title: 'Title',
  acquirer: 'Acquirer',
  target: 'Target',
  kind: 'Kind',
  amount: 'Amount',
  amountQualifier: 'Qualifier',
  currency: 'Currency',
  valuation: 'Valuation',
  probability: 'Probability',
  ownerId: 'Owner',
  expectedClose: 'Expected close',
  partOf: 'Part of',
  tags: 'Tags',
  links: 'Links',
  notes: 'Notes',
};

const EMPTY = '—';

function quoted(v: unknown): string {
  const s = str(v)?.replace(/\s+/g, ' ').trim() ?? '';
  if (!s) return EMPTY;
  return `“${s.length > 80 ? `${s.slice(0, 79)}…` : s}”`;
}

function qualifierOf(v: unknown, fallback: AmountQualifier): AmountQualifier {
  return (AMOUNT_QUALIFIERS as readonly string[]).includes(v as string) ? (v as AmountQualifier) : fallback;
}

function currencyOf(v: unknown, fallback: string): string {
  const s = str(v);
  return s && /^[A-Za-z]{3}$/.test(s) ? s.toUpperCase() : fallback;
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function host(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return url;
  }
}

function listDiff(from: unknown, to: unknown, show: (s: string) => string): string {
  const before = new Set(strings(from));
  const after = new Set(strings(to));
  const added = [...after].filter((x) => !before.has(x)).map(show);
  const removed = [...before].filter((x) => !after.has(x)).map(show);
  const parts: string[] = [];
  if (added.length) parts.push(`added ${added.join(', ')}`);
  if (removed.length) parts.push(`removed ${removed.join(', ')}`);
  return parts.join('; ') || 'reordered';
}

/** A deal.updated's `data.fields` as lines, in the order a person reads a deal. */
export function fieldChanges(fields: ActivityData['deal.updated']['fields'], ctx: ValueContext): FieldChange[] {
  const f: Partial<typeof fields> = fields;
  const pair = (name: string) => {
    const c = f[name];
    return c && typeof c === 'object' && 'from' in c && 'to' in c ? { from: c.from, to: c.to } : null;
  };
  const out: FieldChange[] = [];
  const amount = pair('amount');
  const qualifier = pair('amountQualifier');
  const currency = pair('currency');
  for (const field of Object.keys(f).sort((a, b) => rank(a) - rank(b))) {
    const label = FIELD_LABEL[field] ?? field;
    const c = pair(field);
    switch (field) {
      case 'title':
      case 'acquirer':
      case 'target':
        if (c) out.push({ field, label, from: quoted(c.from), to: quoted(c.to) });
        break;
      case 'kind':
        if (c) out.push({ field, label, from: kindLabel(c.from), to: kindLabel(c.to) });
        break;
      case 'amount': {
        if (!c) break;
        const money = (v: unknown, q: unknown, cur: unknown) => formatAmount(num(v), qualifierOf(q, ctx.qualifier), currencyOf(cur, ctx.currency)) || EMPTY;
        out.push({ field, label, from: money(c.from, qualifier?.from, currency?.from), to: money(c.to, qualifier?.to, currency?.to) });
        break;
      }
      case 'amountQualifier':
        if (c && !amount) out.push({ field, label, from: QUALIFIER_LABEL[qualifierOf(c.from, 'exact')], to: QUALIFIER_LABEL[qualifierOf(c.to, 'exact')] });
        break;
      case 'currency':
        if (c && !amount) out.push({ field, label, from: str(c.from) || EMPTY, to: str(c.to) || EMPTY });
        break;
      case 'valuation': {
        if (!c) break;
        const money = (v: unknown, cur: unknown) => {
          const n = num(v);
          return n === null ? EMPTY : formatMoney(n, currencyOf(cur, ctx.currency));
        };
        out.push({ field, label, from: money(c.from, currency?.from), to: money(c.to, currency?.to) });
        break;
      }
      case 'probability': {
        if (!c) break;
        const p = (v: unknown) => (num(v) === null ? 'stage default' : `${num(v)}%`);
        out.push({ field, label, from: p(c.from), to: p(c.to) });
        break;
      }
      case 'ownerId': {
        if (!c) break;
        const who = (v: unknown) => (str(v) ? ctx.personName(str(v) as string) : 'nobody');
        out.push({ field, label, from: who(c.from), to: who(c.to) });
        break;
      }
      case 'expectedClose': {
        if (!c) break;
        const d = (v: unknown) => (str(v) ? formatDate(str(v)) : EMPTY);
        out.push({ field, label, from: d(c.from), to: d(c.to) });
        break;
      }
      case 'partOf': {
        if (!c) break;
        const round = (v: unknown) => {
          const id = str(v);
          const name = id ? ctx.dealName?.(id) : undefined;
          return !id ? EMPTY : name ? quoted(name) : 'another deal';
        };
        out.push({ field, label, from: round(c.from), to: round(c.to) });
        break;
      }
      case 'tags':
        if (c) out.push({ field, label, text: listDiff(c.from, c.to, (t) => t) });
        break;
      case 'links':
        if (c) out.push({ field, label, text: listDiff(c.from, c.to, host) });
        break;
      case 'notes':
        out.push({ field, label, text: 'edited' });
        break;
      default:
        if (c) out.push({ field, label, from: String(c.from ?? EMPTY), to: String(c.to ?? EMPTY) });
    }
  }
  return out;
}

function rank(field: string): number {
  const i = DEAL_FIELD_ORDER.indexOf(field);
  return i === -1 ? DEAL_FIELD_ORDER.length : i;
}

function kindLabel(v: unknown): string {
  return (DEAL_KINDS as readonly string[]).includes(v as string) ? KIND_LABEL[v as DealKind] : EMPTY;
}

/** "amount, probability" for the fields of a deal.updated, in reading order. */
export function fieldNames(fields: unknown): string {
  if (!fields || typeof fields !== 'object') return 'the deal';
  return Object.keys(fields)
    .sort((a, b) => rank(a) - rank(b))
    .map((f) => (FIELD_LABEL[f] ?? f).toLowerCase())
    .join(', ');
}

/** A comment's excerpt, when the event carries one. */
export function excerptOf(event: ActivityEvent): string | null {
  if (event.type !== 'comment.added' && event.type !== 'comment.edited') return null;
  const e = event.data.excerpt.trim();
  return e ? e : null;
}

/** What someone did to the deal whose timeline this is, without naming the deal: "moved it from In talks to Agreed". */
export function timelineSentence(event: ActivityEvent): string {
  switch (event.type) {
    case 'deal.created':
      return `created this deal in ${event.data.columnName || 'a stage'}`;
    case 'deal.moved': {
      const outcome = outcomeOf(event);
      return `moved it from ${event.data.fromName || 'a stage'} to ${event.data.toName || 'a stage'}${outcome ? `, marking it ${outcome}` : ''}`;
    }
    case 'deal.updated': {
      const fields = Object.keys(event.data.fields);
      if (fields.length === 1 && fields[0] === 'notes') return 'edited the notes';
      return `changed ${fieldNames(event.data.fields)}`;
    }
    case 'deal.archived':
      return 'archived this deal';
    case 'deal.restored':
      return 'restored this deal';
    case 'deal.deleted':
      return 'deleted this deal';
    case 'comment.added':
      return 'commented';
    case 'comment.edited':
      return 'edited a comment';
    case 'comment.deleted':
      return 'deleted a comment';
    case 'comment.mentioned':
      return 'mentioned someone';
    case 'notes.mentioned':
      return 'mentioned someone in the notes';
    default:
      return splitSummary(event).rest.trim();
  }
}
