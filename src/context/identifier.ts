/** The longest session or user id kept; longer ids are truncated to this many characters. */
export const MAX_IDENTIFIER_LENGTH = 256;

// C0 and C1 control characters (tabs and newlines included) would let a client forge log lines or
// split a header-derived id in a backend's UI.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/g;

/**
 * Turns a session or user id from untrusted input into what is recorded:
 * strings have control characters removed, surrounding whitespace trimmed and are cut to 256
 * characters; finite numbers and bigints become their decimal string; anything else, and an id
 * that ends up empty, is ignored (`undefined`). Never throws.
 */
export function normalizeIdentifier(value: unknown): string | undefined {
  let text: string;
  if (typeof value === 'string') text = value;
  else if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'bigint') text = String(value);
  else return undefined;
  return text.replace(CONTROL_CHARACTERS, '').trim().slice(0, MAX_IDENTIFIER_LENGTH) || undefined;
}
