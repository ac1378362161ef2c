/**
 * Password rules after NIST SP 800-63B §5.1.1: length counted after NFKC normalisation,
 * no all-whitespace or control characters, not the person's own email or name, and not
 * a commonly used password. Both ends use these rules; only the server holds the list of
 * common passwords (`isCommon`), which is too large to ship to every browser.
 */
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 200;

/** The form a password is checked in (and compared to the email and name). */
export function normalizePassword(password: string): string {
  return password.normalize('NFKC');
}

/**
 * The first rule `password` breaks, as a plain sentence, or null when it is acceptable.
 *
 * @example passwordProblem('password', { email: 'ada@x.io', name: 'Ada' }, isCommon) // 'This password is …'
 */
export function passwordProblem(
  password: string,
  person: { email?: string; name?: string },
  isCommon: (normalized: string) => boolean = () => false,
): string | null {
  const normalized = normalizePassword(password);
  const length = [...normalized].length;
  if (length < PASSWORD_MIN) return `Use at least ${PASSWORD_MIN} characters.`;
  if (length > PASSWORD_MAX) return `Use at most ${PASSWORD_MAX} characters.`;
  // \p{Cc}: control characters (NUL, escape, …); a password of only spaces is no secret.
  if (/\p{Cc}/u.test(normalized)) return 'A password cannot contain control characters.';
  if (normalized.trim() === '') return 'A password cannot be only spaces.';
  const lower = normalized.toLowerCase();
  const own = [person.email, person.email?.split('@')[0], person.name]
    .map((value) =>
      normalizePassword(value ?? '')
        .trim()
        .toLowerCase(),
    )
    .filter((value) => value.length > 0);
  if (own.includes(lower.trim())) return 'Do not use your email or name as your password.';
  if (isCommon(lower)) return 'This password is on a list of commonly used passwords: choose another.';
  return null;
}
