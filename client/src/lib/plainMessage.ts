/**
 * The API's error messages name the field first ("email: nobody has signed up with …"), which
 * is right for a script and wrong on a screen: the UI shows them as plain sentences.
 */

/**
 * @example plainMessage('email: nobody has signed up with a@b.c') === 'Nobody has signed up with a@b.c.'
 */
export function plainMessage(message: string): string {
  const text = message.replace(/^[A-Za-z][\w.]*: /, '').trim();
  if (!text) return message;
  const sentence = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?…]$/.test(sentence) ? sentence : `${sentence}.`;
}
