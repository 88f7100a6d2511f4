// W3C Baggage (https://www.w3.org/TR/baggage/), as far as the trace context needs it: the session and
// user of a request, written by a caller and read by a callee across a binding. One small file, to be
// unified with a general baggage propagator.

// The spec's limits: 64 list-members and 8192 bytes per header.
const MAX_MEMBERS = 64;
const MAX_LENGTH = 8192;

/**
 * A `baggage` header value for the entries (values percent-encoded), members beyond the spec's
 * limits dropped.
 *
 * @example
 * formatBaggage({ 'session.id': 'sess abc', 'user.id': 'user-123' }); // 'session.id=sess%20abc,user.id=user-123'
 */
export function formatBaggage(entries: Readonly<Record<string, string | undefined>>): string {
  let header = '';
  let members = 0;
  for (const [key, value] of Object.entries(entries)) {
    // An empty value is no value (the OTel propagator drops it too).
    if (!value || members === MAX_MEMBERS) continue;
    const member = `${encodeURIComponent(key)}=${encodeURIComponent(value)}`;
    if (header.length + member.length + 1 > MAX_LENGTH) continue;
    header = header ? `${header},${member}` : member;
    members++;
  }
  return header;
}

function decode(text: string): string | undefined {
  try {
    return decodeURIComponent(text.trim());
  } catch {
    return undefined;
  }
}

/**
 * The entries of a `baggage` header value (properties after `;` ignored, malformed members skipped).
 *
 * @example
 * parseBaggage('session.id=sess%20abc;ttl=60, user.id=user-123'); // { 'session.id': 'sess abc', 'user.id': 'user-123' }
 */
export function parseBaggage(header: string | null | undefined): Record<string, string> {
  const entries: Record<string, string> = {};
  if (typeof header !== 'string' || header.length > MAX_LENGTH) return entries;
  for (const member of header.split(',', MAX_MEMBERS)) {
    const pair = member.split(';', 1)[0];
    const equals = pair.indexOf('=');
    if (equals <= 0) continue;
    const key = decode(pair.slice(0, equals));
    const value = decode(pair.slice(equals + 1));
    if (key && value !== undefined) entries[key] = value;
  }
  return entries;
}
