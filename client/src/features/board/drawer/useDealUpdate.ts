/**
 * Writing one deal from the drawer: validates a patch with the model's own schema, applies it
 * through `updateDeal`, and returns an error message for the field when it is refused.
 */
import { useCallback } from 'react';
import { LIMITS, dealPatchSchema, firstIssue, updateDeal } from '../../../model';
import { useBoardSession } from '../boardSession';

type Patch = Parameters<typeof updateDeal>[1]['patch'];

/** Friendlier words for the schema's messages, by field. */
const FRIENDLY: Record<string, string> = {
  title: `A title is required (up to ${LIMITS.title} characters).`,
  acquirer: `Up to ${LIMITS.party} characters.`,
  target: `Up to ${LIMITS.party} characters.`,
  amount: 'Enter an amount like 50B, 8 bn or 1,500,000.',
  valuation: 'Enter an amount like 830B.',
  probability: 'A whole number from 0 to 100, or empty for the stage default.',
  currency: 'Use a 3-letter ISO currency code, like USD or EUR.',
  expectedClose: 'Pick a date.',
  tags: `Tags are up to ${LIMITS.tag} characters, ${LIMITS.tags} per deal.`,
  links: `Links must be http(s) addresses, ${LIMITS.links} per deal.`,
};

export function useDealUpdate(dealId: string): (patch: Patch) => string | null {
  const { conn } = useBoardSession();
  return useCallback(
    (patch: Patch) => {
      const parsed = dealPatchSchema.safeParse(patch);
      if (!parsed.success) {
        const issue = firstIssue(parsed.error);
        return FRIENDLY[issue.field.split('.')[0] ?? ''] ?? issue.message;
      }
      const result = updateDeal(conn.doc, { dealId, patch }, conn.origin);
      if (result.ok || result.error.code === 'noop') return null;
      return FRIENDLY[result.error.field?.split('.')[0] ?? ''] ?? result.error.message;
    },
    [conn, dealId],
  );
}
