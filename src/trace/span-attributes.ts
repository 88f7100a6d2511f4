import type { Attributes, AttributeValue } from '@opentelemetry/api';
import { ownString } from './own-string.js';
import { valueBytes } from './span-bytes.js';
import type { SpanLimits } from './span-limits.js';

/**
 * Makes the attribute record: an ordinary object (its prototype is `Object.prototype`, as for `{}`),
 * but made by `new`, so V8 sizes it from the spans made before (in-object slack tracking) instead of
 * growing a property array as attributes are added one by one.
 */
const AttributeRecord = function AttributeRecord() {} as unknown as new () => Record<string, AttributeValue>;
AttributeRecord.prototype = Object.prototype;

/**
 * A recording span's attributes, and the bytes it holds: the half of `RecordingSpan` that sets and
 * counts attributes, apart from ids, times and events. A base class rather than an object the span
 * holds, so a span stays one allocation.
 */
export abstract class SpanAttributes {
  /**
   * Attributes set while nothing has read `attributes`, as key, value, key, value in the order set:
   * storing them in an array costs a third of adding properties to an object (a keyed store that V8
   * looks up by shape each time). The record is built when first read, mostly when a flush takes the
   * span, off the span path. Room for twelve before the array grows: what a request or chain span
   * usually holds (kind, input and output with their MIME types, session, user, metadata, tags).
   */
  #pending: (string | AttributeValue)[] | undefined = new Array(24);
  /** Slots of `#pending` in use. */
  #pendingLength = 0;
  #record: Record<string, AttributeValue> | undefined;
  /**
   * Sets that may still add a key without the count limit being checked: the limit less the sets so
   * far (updates counted as if they added a key), recounted exactly when it reaches 0; -1 once full.
   */
  #attributeRoom: number;
  readonly #limits: SpanLimits;
  /** What the name, attributes and events hold, by string lengths, counted as they are set (see `spanBytes`). */
  #bytes: number;
  droppedAttributesCount = 0;

  constructor(limits: SpanLimits, bytes: number) {
    this.#attributeRoom = limits.attributeCountLimit;
    this.#limits = limits;
    this.#bytes = bytes;
  }

  /** Whether the span still takes attributes (it has not ended). */
  abstract isRecording(): boolean;

  /**
   * The bytes this span holds, estimated from string lengths as values are set (a replaced value
   * still counts): the figure the buffer's byte budget reads as the span ends, without a recount.
   */
  get heldBytes(): number {
    return this.#bytes;
  }

  /** Counts `bytes` more held by the span (an event). */
  protected holdBytes(bytes: number): void {
    this.#bytes += bytes;
  }

  /** The limits the span records with. */
  protected get limits(): SpanLimits {
    return this.#limits;
  }

  /**
   * The attributes, as one record. Built from the attributes set so far the first time it is read;
   * from then on the span sets its attributes in this same record, so a reader holding it sees them.
   */
  get attributes(): Record<string, AttributeValue> {
    return this.#record ?? this.#buildRecord();
  }

  #buildRecord(): Record<string, AttributeValue> {
    const record = new AttributeRecord();
    const pending = this.#pending as (string | AttributeValue)[];
    const length = this.#pendingLength;
    for (let i = 0; i < length; i += 2) record[pending[i] as string] = pending[i + 1] as AttributeValue;
    this.#pending = undefined;
    this.#record = record;
    return record;
  }

  setAttribute(key: string, value: AttributeValue | undefined): this {
    if (value == null || !this.isRecording()) return this;
    // While sets so far leave room under the count limit even if each added a key, the key need not
    // be looked up (a keyed load costs as much as the store).
    const room = this.#attributeRoom;
    if (room > 0) this.#attributeRoom = room - 1;
    else if (!this.#admitCounted(key)) return this;
    const limit = this.#limits.attributeValueLengthLimit;
    const stored = limit === Number.POSITIVE_INFINITY ? value : limitLength(value, limit);
    const record = this.#record;
    if (record === undefined) {
      const pending = this.#pending as (string | AttributeValue)[];
      const length = this.#pendingLength;
      pending[length] = key;
      pending[length + 1] = stored;
      this.#pendingLength = length + 2;
    } else record[key] = stored;
    this.#bytes += key.length + (typeof stored === 'string' ? stored.length : valueBytes(stored));
    return this;
  }

  /** Whether a set may store `key` once the room known without counting is used up; counts a drop if not. */
  #admitCounted(key: string): boolean {
    // Stored values are never undefined, so a plain load tells a new key from an update.
    if (this.attributes[key] !== undefined) return true;
    // Keys are never removed, so a full span stays full (room -1): no recount per dropped key.
    const room = this.#attributeRoom < 0 ? 0 : this.#limits.attributeCountLimit - Object.keys(this.attributes).length;
    // Written so a NaN limit admits every key, as `count >= limit` never dropped one.
    if (!(room <= 0)) {
      this.#attributeRoom = room - 1;
      return true;
    }
    this.#attributeRoom = -1;
    this.droppedAttributesCount++;
    return false;
  }

  setAttributes(attributes: Attributes): this {
    for (const key in attributes) this.setAttribute(key, attributes[key]);
    return this;
  }
}

/** `value` with its strings cut to `limit` characters (the caller skips this with no limit). */
function limitLength(value: AttributeValue, limit: number): AttributeValue {
  if (typeof value === 'string') return value.length > limit ? ownString(value.slice(0, limit)) : value;
  if (Array.isArray(value)) {
    return (value as unknown[]).map((item) =>
      typeof item === 'string' && item.length > limit ? ownString(item.slice(0, limit)) : item,
    ) as AttributeValue;
  }
  return value;
}
