/**
 * Reading a link someone pastes. "example.com/x" gets https:// in front; anything that is not
 * a web address ("not a url", javascript:, a 3,000-character string) is refused with its reason,
 * in the same words the document schema uses (isHttpUrl, LIMITS.link).
 */
import { isHttpUrl, LIMITS } from '../board/validate';
import { accept, refuse, type Parsed } from './parsed';

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/**
 * @example
 * parseLink('openai.com/blog') // { ok: true, value: 'https://openai.com/blog' }
 * parseLink('not a url')       // { ok: false, message: '"not a url" is not a web address: …' }
 */
export function parseLink(input: string): Parsed<string> {
  const typed = input.trim();
  if (typed === '') return refuse('Paste a link first.');
  if (typed.length > LIMITS.link)
    return refuse(`This link is ${typed.length.toLocaleString('en-US')} characters long; the most a link can have is ${LIMITS.link.toLocaleString('en-US')}.`);
  const shown = typed.length > 40 ? `${typed.slice(0, 40)}…` : typed;
  const notAddress = refuse<string>(`"${shown}" is not a web address: paste a link like https://example.com/article.`);
  if (/\s/.test(typed)) return notAddress;
  const hasScheme = SCHEME.test(typed);
  if (hasScheme && !/^https?:/i.test(typed)) return refuse('Only http:// and https:// links are allowed.');
  const url = hasScheme ? typed : `https://${typed}`;
  if (!isHttpUrl(url)) return notAddress;
  // Without a scheme, a bare word is not meant as a host name ("draft" is not https://draft/).
  if (!hasScheme && !new URL(url).hostname.includes('.')) return notAddress;
  return accept(url);
}
