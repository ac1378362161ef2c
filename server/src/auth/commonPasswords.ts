/**
 * The list of commonly used (breached) passwords: the ~49,000 of zxcvbn-ts's maintained
 * `passwords-common` dictionary, loaded once into a Set. Compared lowercased.
 */
import { dictionary } from '@zxcvbn-ts/language-common';

let common: Set<string> | null = null;

/** True when `password` (lowercased) is on the list. */
export function isCommonPassword(password: string): boolean {
  common ??= new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));
  return common.has(password.toLowerCase());
}
