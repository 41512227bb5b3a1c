// Characters `encodeURIComponent` leaves alone that the form encoding escapes, and its `%20` (a `+` in a form).
const FORM_DIFFERENCES = /[!'()~]|%20/g;
// Values made only of characters neither encoding escapes: most credentials, numbers and codes.
const UNRESERVED = /^[A-Za-z0-9*\-._]*$/;
// The same plus spaces, which a form writes as `+`: most message texts.
const UNRESERVED_OR_SPACE = /^[A-Za-z0-9*\-._ ]*$/;

function formEscape(match: string): string {
  return match === '%20' ? '+' : `%${match.charCodeAt(0).toString(16).toUpperCase()}`;
}

/** `text` with every lone surrogate replaced by U+FFFD (ES2024; Node 20 has it, the ES2023 typings do not). */
function wellFormed(text: string): string {
  return (text as string & { toWellFormed(): string }).toWellFormed();
}

/** One name or value as `application/x-www-form-urlencoded` writes it. */
function encodeFormComponent(text: string): string {
  if (UNRESERVED.test(text)) return text;
  if (UNRESERVED_OR_SPACE.test(text)) return text.replaceAll(' ', '+');
  return encodeURIComponent(wellFormed(text)).replace(FORM_DIFFERENCES, formEscape);
}

/**
 * `new URLSearchParams(fields).toString()`, byte for byte, without building a
 * `URLSearchParams` (which copies every field through property descriptors):
 * the form body and query string of every vendor request. Spaces become `+`;
 * letters, digits and `*-._` stay; everything else is percent-encoded as
 * UTF-8 (a lone surrogate as U+FFFD, as `URLSearchParams` does).
 */
export function encodeForm(fields: Readonly<Record<string, string>>): string {
  let encoded = '';
  for (const name in fields) {
    if (!Object.hasOwn(fields, name)) continue;
    const pair = `${encodeFormComponent(name)}=${encodeFormComponent(String(fields[name]))}`;
    encoded = encoded === '' ? pair : `${encoded}&${pair}`;
  }
  return encoded;
}
