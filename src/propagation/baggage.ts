import type { Baggage, BaggageEntry, Context } from '@opentelemetry/api';

/** The key `@opentelemetry/api` keeps baggage under (`propagation.getBaggage`). */
export const BAGGAGE_KEY: symbol = Symbol.for('OpenTelemetry Baggage Key');

// Limits of the W3C Baggage spec, as @opentelemetry/core applies them.
const MAX_ENTRIES = 180;
const MAX_PAIR_LENGTH = 4096;
const MAX_TOTAL_LENGTH = 8192;

/** An immutable baggage, shaped like the API's, over the entries a `baggage` header carries. */
function baggageOf(entries: ReadonlyMap<string, BaggageEntry>): Baggage {
  const without = (keys: string[]) => {
    const rest = new Map(entries);
    for (const key of keys) rest.delete(key);
    return baggageOf(rest);
  };
  return {
    getEntry: (key) => {
      const entry = entries.get(key);
      return entry && { ...entry };
    },
    getAllEntries: () => [...entries].map(([key, entry]) => [key, { ...entry }]),
    setEntry: (key, entry) => baggageOf(new Map(entries).set(key, entry)),
    removeEntry: (key) => without([key]),
    removeEntries: (...keys) => without(keys),
    clear: () => baggageOf(new Map()),
  };
}

function decode(text: string): string | undefined {
  try {
    return decodeURIComponent(text.trim());
  } catch {
    return undefined;
  }
}

/**
 * `context` with the baggage of a W3C `baggage` header (replacing any it had, as
 * @opentelemetry/core's `W3CBaggagePropagator` does); malformed members are skipped.
 */
export function withBaggageHeader(context: Context, header: string | undefined): Context {
  if (!header) return context;
  const entries = new Map<string, BaggageEntry>();
  let found = false;
  for (const member of header.split(',').slice(0, MAX_ENTRIES)) {
    const [pair, ...properties] = member.split(';');
    const equals = pair.indexOf('=');
    if (equals <= 0) continue;
    const key = decode(pair.slice(0, equals));
    const value = decode(pair.slice(equals + 1));
    if (!key || value === undefined) continue;
    const entry: BaggageEntry = { value };
    if (properties.length > 0) {
      const text = properties.join(';');
      entry.metadata = {
        __TYPE__: Symbol.for('BaggageEntryMetadata'),
        toString: () => text,
      } as BaggageEntry['metadata'];
    }
    entries.set(key, entry);
    found = true;
  }
  return found ? context.setValue(BAGGAGE_KEY, baggageOf(entries)) : context;
}

/** The W3C `baggage` header for the baggage of `context`, within the spec's limits; `undefined` when empty. */
export function baggageHeader(context: Context): string | undefined {
  const baggage = context.getValue(BAGGAGE_KEY) as Baggage | undefined;
  if (typeof baggage?.getAllEntries !== 'function') return undefined;
  const members: string[] = [];
  let length = 0;
  for (const [key, entry] of baggage.getAllEntries().slice(0, MAX_ENTRIES)) {
    let member = `${encodeURIComponent(key)}=${encodeURIComponent(entry.value)}`;
    const metadata = entry.metadata?.toString();
    if (metadata) member += `;${metadata}`;
    if (member.length > MAX_PAIR_LENGTH || length + member.length + 1 > MAX_TOTAL_LENGTH) continue;
    members.push(member);
    length += member.length + 1;
  }
  return members.length > 0 ? members.join(',') : undefined;
}
