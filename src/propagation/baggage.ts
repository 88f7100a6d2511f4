// W3C Baggage (https://www.w3.org/TR/baggage/): one codec for both of its uses, the OpenTelemetry
// propagator's `Baggage` in a context, and the session and user that cross a Cloudflare binding.
import type { Baggage, BaggageEntry, Context } from '@opentelemetry/api';

/** The key `@opentelemetry/api` keeps baggage under (`propagation.getBaggage`). */
export const BAGGAGE_KEY: symbol = Symbol.for('OpenTelemetry Baggage Key');

// Limits of the W3C Baggage spec, as @opentelemetry/core applies them. A longer header is not read at
// all: it comes from outside, and reading it would cost the request for nothing.
const MAX_ENTRIES = 180;
const MAX_PAIR_LENGTH = 4096;
const MAX_TOTAL_LENGTH = 8192;

interface BaggageMember {
  readonly key: string;
  readonly value: string;
  /** The properties after the first `;`, as written. */
  readonly properties: string | undefined;
}

/** The well-formed members of a `baggage` header value, within the spec's limits. */
function readMembers(header: string | null | undefined): BaggageMember[] {
  const members: BaggageMember[] = [];
  if (typeof header !== 'string' || header.length === 0 || header.length > MAX_TOTAL_LENGTH) return members;
  for (const member of header.split(',', MAX_ENTRIES)) {
    if (member.length > MAX_PAIR_LENGTH) continue;
    const cut = member.indexOf(';');
    const pair = cut === -1 ? member : member.slice(0, cut);
    const equals = pair.indexOf('=');
    if (equals <= 0) continue;
    let key: string;
    let value: string;
    try {
      key = decodeURIComponent(pair.slice(0, equals).trim());
      value = decodeURIComponent(pair.slice(equals + 1).trim());
    } catch {
      continue;
    }
    if (key) members.push({ key, value, properties: cut === -1 ? undefined : member.slice(cut + 1) });
  }
  return members;
}

/** A `baggage` header value for the members, those beyond the spec's limits dropped; '' when none. */
function writeMembers(members: Iterable<readonly [string, string, string?]>): string {
  let header = '';
  let count = 0;
  for (const [key, value, properties] of members) {
    if (count === MAX_ENTRIES) break;
    let member = `${encodeURIComponent(key)}=${encodeURIComponent(value)}`;
    if (properties) member += `;${properties}`;
    if (member.length > MAX_PAIR_LENGTH || header.length + member.length + 1 > MAX_TOTAL_LENGTH) continue;
    header = header ? `${header},${member}` : member;
    count++;
  }
  return header;
}

/**
 * A `baggage` header value for the entries (values percent-encoded; empty values left out, as the
 * OpenTelemetry propagator does), members beyond the spec's limits dropped.
 *
 * @example
 * formatBaggage({ 'session.id': 'sess abc', 'user.id': 'user-123' }); // 'session.id=sess%20abc,user.id=user-123'
 */
export function formatBaggage(entries: Readonly<Record<string, string | undefined>>): string {
  const members: [string, string][] = [];
  for (const [key, value] of Object.entries(entries)) if (value) members.push([key, value]);
  return writeMembers(members);
}

/**
 * The entries of a `baggage` header value (properties after `;` ignored, malformed members skipped).
 *
 * @example
 * parseBaggage('session.id=sess%20abc;ttl=60, user.id=user-123'); // { 'session.id': 'sess abc', 'user.id': 'user-123' }
 */
export function parseBaggage(header: string | null | undefined): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const { key, value } of readMembers(header)) entries[key] = value;
  return entries;
}

/** An immutable baggage, shaped like the API's, over the entries a `baggage` header carries. */
function baggageOf(entries: ReadonlyMap<string, BaggageEntry>): Baggage {
  return {
    getEntry(key) {
      const entry = entries.get(key);
      return entry && { ...entry };
    },
    getAllEntries() {
      return [...entries].map(([key, entry]) => [key, { ...entry }]);
    },
    setEntry(key, entry) {
      return baggageOf(new Map(entries).set(key, entry));
    },
    removeEntry(key) {
      const rest = new Map(entries);
      rest.delete(key);
      return baggageOf(rest);
    },
    removeEntries(...keys) {
      const rest = new Map(entries);
      for (const key of keys) rest.delete(key);
      return baggageOf(rest);
    },
    clear() {
      return baggageOf(new Map());
    },
  };
}

/**
 * `context` with the baggage of a W3C `baggage` header (replacing any it had, as
 * @opentelemetry/core's `W3CBaggagePropagator` does); malformed members are skipped.
 */
export function withBaggageHeader(context: Context, header: string | undefined): Context {
  const members = readMembers(header);
  if (members.length === 0) return context;
  const entries = new Map<string, BaggageEntry>();
  for (const { key, value, properties } of members) {
    const entry: BaggageEntry = { value };
    if (properties !== undefined) {
      entry.metadata = {
        __TYPE__: Symbol.for('BaggageEntryMetadata'),
        toString() {
          return properties;
        },
      } as BaggageEntry['metadata'];
    }
    entries.set(key, entry);
  }
  return context.setValue(BAGGAGE_KEY, baggageOf(entries));
}

/** The W3C `baggage` header for the baggage of `context`, within the spec's limits; `undefined` when empty. */
export function baggageHeader(context: Context): string | undefined {
  const baggage = context.getValue(BAGGAGE_KEY) as Baggage | undefined;
  if (typeof baggage?.getAllEntries !== 'function') return undefined;
  const members = baggage
    .getAllEntries()
    .map(([key, entry]) => [key, entry.value, entry.metadata?.toString()] as const);
  return writeMembers(members) || undefined;
}
