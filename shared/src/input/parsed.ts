/** What an input parser returns: the value, or a plain sentence saying what is wrong. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

export const accept = <T>(value: T): Parsed<T> => ({ ok: true, value });
export const refuse = <T = never>(message: string): Parsed<T> => ({ ok: false, message });
