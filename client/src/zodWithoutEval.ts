/**
 * Imported first by main.tsx: zod compiles fast parsers with `new Function` unless told
 * not to, and merely probing for it is reported as a violation under our
 * Content-Security-Policy (no 'unsafe-eval'). Must run before any schema is built.
 */
import { z } from 'zod';

z.config({ jitless: true });
