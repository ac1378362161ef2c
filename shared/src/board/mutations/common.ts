/** Helpers shared by the mutations: input parsing, stamping, neighbour slots. */
import type * as Y from 'yjs';
import type { z } from 'zod';
import { newId } from '../id';
import { SYSTEM_USER_ID, type MutationOrigin } from '../origin';
import { planRank, type RankPlan, type Ranked } from '../rank';
import { fail, ok, type MutationResult } from '../result';
import { firstIssue } from '../validate';

/** Optional knobs for every mutation: a fixed clock (demo data, tests) and an id source (seeded fuzz). */
export interface MutationOptions {
  now?: Date;
  newId?: () => string;
  /**
   * For one transaction that creates many deals (an import): each column's deals by rank,
   * read once and kept up to date by createDeal, so a create does not scan the whole board
   * (which makes a batch quadratic). Only valid while nothing else changes the document.
   */
  rankedByColumn?: Map<string, Ranked[]>;
}

export interface Context {
  actor: string;
  at: string;
  makeId: () => string;
}

/** Who is acting and when, resolved once per mutation. */
export function context(origin: MutationOrigin, options: MutationOptions = {}): Context {
  return {
    actor: origin.userId ?? SYSTEM_USER_ID,
    at: (options.now ?? new Date()).toISOString(),
    makeId: options.newId ?? newId,
  };
}

/** Parse `input` with `schema`; a failure becomes an 'invalid' result naming the field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): MutationResult<z.output<S>> {
  const result = schema.safeParse(input);
  if (result.success) return ok(result.data);
  const { field, message } = firstIssue(result.error);
  return fail('invalid', message, field || undefined);
}

/** Record who changed a record and when. */
export function stamp(map: Y.Map<unknown>, ctx: Context): void {
  map.set('updatedAt', ctx.at);
  map.set('updatedBy', ctx.actor);
}

export const noop = (what = 'nothing to change') => fail('noop', what);

/**
 * The index in `sorted` (siblings without the record itself) that `after` /
 * `before` point at: right after `after`, else right before `before`, else the
 * end. When both are given, `before` must come after `after`.
 * `known(id)` tells whether the id exists elsewhere (for 'invalid' vs 'not_found').
 */
export function slotFor(
  sorted: readonly Ranked[],
  after: string | null | undefined,
  before: string | null | undefined,
  known: (id: string) => boolean,
): MutationResult<number> {
  const find = (id: string, field: 'after' | 'before'): MutationResult<number> => {
    const index = sorted.findIndex((s) => s.id === id);
    if (index >= 0) return ok(index);
    return known(id)
      ? fail('invalid', `${field}: ${id} is not a sibling at the target position`, field)
      : fail('not_found', `${field}: no such record ${id}`, field);
  };
  const a = after != null ? find(after, 'after') : null;
  if (a && !a.ok) return a;
  const b = before != null ? find(before, 'before') : null;
  if (b && !b.ok) return b;
  if (a && b && b.value <= a.value) return fail('invalid', 'before: must come after `after`', 'before');
  if (a) return ok(a.value + 1);
  if (b) return ok(b.value);
  return ok(sorted.length);
}

/**
 * Plan a position for `id` among `all` (sorted, may include the record itself).
 * Returns 'noop' when the record already sits at that slot.
 */
export function placeAmong(
  all: readonly Ranked[],
  id: string,
  after: string | null | undefined,
  before: string | null | undefined,
  known: (id: string) => boolean,
): MutationResult<RankPlan> {
  if (after === id || before === id) return fail('invalid', 'a record cannot be placed next to itself', after === id ? 'after' : 'before');
  const current = all.findIndex((s) => s.id === id);
  const siblings = current >= 0 ? all.filter((s) => s.id !== id) : all;
  const slot = slotFor(siblings, after, before, known);
  if (!slot.ok) return slot;
  if (current >= 0 && slot.value === current) return noop('already there');
  return ok(planRank(siblings, slot.value, id));
}
