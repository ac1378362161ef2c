/** Words for the model's enums. */
import type { ColumnKind, DealKind } from '../../model';

export const KIND_LABEL: Record<DealKind, string> = {
  investment: 'Investment',
  acquisition: 'Acquisition',
  merger: 'Merger',
  partnership: 'Partnership',
  other: 'Other',
};

export const COLUMN_KIND_LABEL: Record<ColumnKind, string> = {
  open: 'Open',
  won: 'Won (closed)',
  lost: 'Lost (abandoned)',
};
