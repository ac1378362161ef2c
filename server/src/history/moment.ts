/** A moment in a history query: an ISO 8601 time, normalised to the log's UTC milliseconds. */
import { z } from 'zod';

export const momentSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/, 'must be an ISO 8601 time, e.g. 2026-01-12T14:03:00Z')
  .refine((text) => Number.isFinite(Date.parse(text)), 'not a real time')
  .transform((text) => new Date(Date.parse(text)).toISOString());
