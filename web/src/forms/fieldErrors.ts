// The API names the field it rejects at the start of its message ("to.addressLine1 is required.",
// "amount must be >= 1 (an amount in cents…)", "sendDate cannot be in the past."). The form reads that
// name back to highlight the field, so the message sits next to what needs fixing.

/** Field path → what is wrong with it. */
export type FieldErrors = Record<string, string>;

/**
 * The form field a server message is about: the longest known field path the message names as a whole
 * word (so `to.city` wins over `to`), preferring the one named first.
 */
export function fieldOfMessage(message: string, known: readonly string[]): string | undefined {
  let best: { field: string; at: number } | undefined;
  for (const field of known) {
    const pattern = new RegExp(`(^|[\\s:(])${field.replaceAll('.', '\\.')}(?=$|[\\s:.,;)])`);
    const match = pattern.exec(message);
    if (!match) continue;
    const at = match.index + match[1]!.length;
    if (!best || at < best.at || (at === best.at && field.length > best.field.length)) best = { field, at };
  }
  return best?.field;
}

/** Props that mark an input invalid and point it at its message (see FieldMessage). */
export function invalidProps(errors: FieldErrors, field: string) {
  const message = errors[field];
  return message
    ? { 'aria-invalid': true as const, 'aria-describedby': errorIdOf(field), className: 'invalid' }
    : {};
}

export function errorIdOf(field: string): string {
  return `error-${field.replaceAll('.', '-')}`;
}
