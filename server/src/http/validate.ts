/**
 * Input validation at the HTTP boundary with zod: a failure is a 400 whose message
 * names the field, e.g. `email: Invalid email address`.
 */
import type { z } from 'zod';
import { HttpError } from './errors';

/**
 * Parses a request body or throws HttpError 400 `invalid_input`.
 *
 * @example const { email, password } = parseBody(loginSchema, req.body);
 */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  return parseWith(schema, body, 'body');
}

/** Same for `req.query` (or route params): 400 naming the parameter. */
export function parseQuery<S extends z.ZodType>(schema: S, query: unknown): z.output<S> {
  return parseWith(schema, query, 'query');
}

function parseWith<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new HttpError(400, 'invalid_input', formatIssues(result.error.issues, where));
}

/** `field: message` for each issue (nested paths dotted), joined with `; `. */
export function formatIssues(issues: readonly z.core.$ZodIssue[], where = 'body'): string {
  const parts = issues.slice(0, 5).map((issue) => {
    const path = issue.path.map(String).join('.');
    return `${path || where}: ${issue.message}`;
  });
  return parts.join('; ') || `${where}: Invalid input`;
}
