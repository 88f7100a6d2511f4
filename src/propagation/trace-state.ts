import type { TraceState } from '@opentelemetry/api';

const MAX_MEMBERS = 32;
const MAX_LENGTH = 512;
const KEY_CHARS = '[_0-9a-z-*/]';
const VALID_KEY = new RegExp(`^(?:[a-z]${KEY_CHARS}{0,255}|[a-z0-9]${KEY_CHARS}{0,240}@[a-z]${KEY_CHARS}{0,13})$`);
const VALID_VALUE = /^[ -~]{0,255}[!-~]$/;

function isValidMember(key: string, value: string): boolean {
  return VALID_KEY.test(key) && VALID_VALUE.test(value) && !value.includes(',') && !value.includes('=');
}

/**
 * A W3C `tracestate` list, immutable, with the rules of `@opentelemetry/core`'s `TraceState`
 * (invalid members skipped, at most 32 members and 512 characters, updated keys move to the front).
 * Written here so the Worker bundle needs no `@opentelemetry/core` at run time.
 */
class W3CTraceState implements TraceState {
  readonly #members: ReadonlyArray<readonly [string, string]>;

  constructor(members: ReadonlyArray<readonly [string, string]>) {
    this.#members = members;
  }

  set(key: string, value: string): TraceState {
    if (!isValidMember(key, value)) return this;
    const others = this.#members.filter(([k]) => k !== key);
    const state = new W3CTraceState([[key, value], ...others]);
    return state.serialize().length > MAX_LENGTH ? this : state;
  }

  unset(key: string): TraceState {
    return this.#members.some(([k]) => k === key) ? new W3CTraceState(this.#members.filter(([k]) => k !== key)) : this;
  }

  get(key: string): string | undefined {
    return this.#members.find(([k]) => k === key)?.[1];
  }

  serialize(): string {
    return this.#members.map(([key, value]) => `${key}=${value}`).join(',');
  }
}

/**
 * Parses a `tracestate` header value (several headers joined with commas) into a `TraceState`.
 *
 * @example
 * parseTraceState('congo=t61rcWkgMzE,rojo=00f067aa0ba902b7').get('rojo'); // '00f067aa0ba902b7'
 */
export function parseTraceState(header: string): TraceState {
  const members: Array<[string, string]> = [];
  let length = 0;
  for (const raw of header.split(',')) {
    const member = raw.trim();
    const equals = member.indexOf('=');
    if (equals === -1) continue;
    const key = member.slice(0, equals);
    const value = member.slice(equals + 1);
    if (!isValidMember(key, value)) continue;
    const nextLength = length + member.length + (members.length > 0 ? 1 : 0);
    if (nextLength > MAX_LENGTH) continue;
    // A repeated key keeps its first place and takes the last value, as the OTel parser does.
    const existing = members.find(([k]) => k === key);
    if (existing) existing[1] = value;
    else members.push([key, value]);
    length = nextLength;
    if (members.length >= MAX_MEMBERS) break;
  }
  return new W3CTraceState(members);
}
