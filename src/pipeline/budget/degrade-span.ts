import type { Attributes, AttributeValue } from '@opentelemetry/api';
import type { RecordingSpan } from '../../trace/span.js';
import { cut } from '../prepare/limit-values.js';
import { TRUNCATED_ATTRIBUTES } from '../prepare/prepare-for-export.js';
import { DEGRADED_LIST_LENGTH, DEGRADED_TEXT_LENGTH } from './budget-bounds.js';

/** `value` as a degraded span keeps it: long strings cut to their first {@link DEGRADED_TEXT_LENGTH} characters as strings of their own (see `cut`), long numeric lists to {@link DEGRADED_LIST_LENGTH}. */
function degradeValue(value: AttributeValue): AttributeValue {
  if (typeof value === 'string') return value.length > DEGRADED_TEXT_LENGTH ? cut(value, DEGRADED_TEXT_LENGTH) : value;
  if (!Array.isArray(value)) return value;
  const items = value as readonly unknown[];
  if (items.length > DEGRADED_LIST_LENGTH && typeof items[0] !== 'string') {
    return items.slice(0, DEGRADED_LIST_LENGTH) as AttributeValue;
  }
  let copy: unknown[] | undefined;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (typeof item === 'string' && item.length > DEGRADED_TEXT_LENGTH) {
      copy ??= items.slice();
      copy[i] = cut(item, DEGRADED_TEXT_LENGTH);
    }
  }
  return (copy ?? value) as AttributeValue;
}

/** Cuts the large values of a record in place; returns how many it cut. */
function degradeRecord(attributes: Record<string, AttributeValue>): number {
  let cutCount = 0;
  for (const key in attributes) {
    const value = attributes[key];
    const next = degradeValue(value);
    if (next !== value) {
      attributes[key] = next;
      cutCount++;
    }
  }
  return cutCount;
}

/**
 * Cuts a queued span down to its skeleton: every string longer than {@link DEGRADED_TEXT_LENGTH}
 * characters (input and output values, message contents, tool arguments, long metadata) to that
 * prefix, and every numeric list longer than {@link DEGRADED_LIST_LENGTH} (embedding vectors) to
 * that many numbers, counted in `edge_llmobs.truncated_attributes`. Ids, parents, name, times,
 * status and the short attributes (session, user, model, token counts, cost) are left as they are.
 * Run it only on spans already through `prepareForExport`, so no credential is cut in half before it
 * was scrubbed. Returns how many values it cut.
 *
 * @example
 * degradeSpan(span); // 3: input.value, one message content, output.value
 */
export function degradeSpan(span: RecordingSpan): number {
  const attributes = span.attributes;
  let cutCount = degradeRecord(attributes);
  const events = span.events;
  for (let i = 0; i < events.length; i++) {
    const event = events[i];
    // An event's attributes may be the caller's object: a cut one is replaced by a copy.
    const copy: Attributes = { ...event.attributes };
    const eventCuts = degradeRecord(copy as Record<string, AttributeValue>);
    if (eventCuts > 0) {
      events[i] = { ...event, attributes: copy };
      cutCount += eventCuts;
    }
  }
  if (cutCount > 0) {
    const before = attributes[TRUNCATED_ATTRIBUTES];
    attributes[TRUNCATED_ATTRIBUTES] = (typeof before === 'number' ? before : 0) + cutCount;
  }
  return cutCount;
}
