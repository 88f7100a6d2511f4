import type { Attributes, AttributeValue } from '@opentelemetry/api';
import { reportError } from '../../report-error.js';
import type { RecordingSpan } from '../../trace/span.js';
import type { SpanData } from '../../trace/span-data.js';
import type { SpanLimits } from '../../trace/span-limits.js';
import {
  MASK_BITS,
  MASK_BY_VALUE,
  MASK_KEEP,
  MASK_REMOVE,
  MAX_CACHED_KEY_LENGTH,
  MAX_CACHED_KEYS,
  SECRET_KEY,
  URL_KEY,
} from './key-flags.js';
import { cut } from './limit-values.js';
import { classifyMaskedKey, maskAttribute } from './masking-rules.js';
import { isSecretKey, scrubString, scrubText, URL_KEYS } from './secrets.js';
import { REDACTED_VALUE, type TraceConfig } from './trace-config.js';

/**
 * The user's last word on a span's attributes, called once per ended span before it is exported (at
 * the flush that takes it from the buffer), after the TraceConfig switches: return the attributes to
 * keep (the same object changed in place, or a new one), or `null` to drop the whole span. A hook that
 * throws drops the span too: when redaction fails, nothing leaves.
 */
export type RedactHook = (
  attributes: Record<string, AttributeValue>,
  span: SpanData,
) => Attributes | Record<string, AttributeValue> | null | undefined;

/**
 * Masks, redacts and limits an ended span before it is exported; `false` drops it. `dropsSpans: false` says it never returns `false`
 * (no `redact` hook), so a full buffer need not run it early to find room.
 */
export type PrepareForExport = ((span: RecordingSpan) => boolean) & { readonly dropsSpans?: boolean };

/**
 * The attribute on a span whose values were cut to `attributeValueLengthLimit`: how many were.
 * Absent when nothing was cut, so a collector can query for it.
 */
export const TRUNCATED_ATTRIBUTES = 'edge_llmobs.truncated_attributes';

/** What {@link createPrepareForExport} applies. */
export interface PrepareForExportOptions {
  readonly traceConfig: TraceConfig;
  readonly redact?: RedactHook;
  /** The exported limits (spans record with one more character, see `recordingLimits`). */
  readonly limits: SpanLimits;
}

/**
 * The class of each attribute key under one TraceConfig, from a bounded cache: a span's keys are
 * nearly always ones seen before, so the masking rules and the credential-key test run once per key,
 * not once per attribute.
 */
function keyClassifier(config: TraceConfig): (key: string) => number {
  const cache = new Map<string, number>();
  return (key) => {
    let flags = cache.get(key);
    if (flags !== undefined) return flags;
    flags = classifyMaskedKey(config, key) | (isSecretKey(key) ? SECRET_KEY : 0) | (URL_KEYS.has(key) ? URL_KEY : 0);
    if (key.length <= MAX_CACHED_KEY_LENGTH) {
      if (cache.size >= MAX_CACHED_KEYS) cache.clear();
      cache.set(key, flags);
    }
    return flags;
  };
}

/**
 * Builds the step every span passes before it is exported: TraceConfig masking, the user's `redact`
 * hook, then (as the final word, so a hook cannot undo it) credential scrubbing and the value-length
 * limit with its `edge_llmobs.truncated_attributes` mark. The buffer runs it when a flush takes the
 * span, before anything is encoded or handed to an exporter, so a masked value never leaves the
 * process, and `span.end()` pays nothing for it. It changes the span in place (never an event's
 * attributes object, which may be the caller's: a changed one is replaced by a copy) and returns
 * `false` when the span must be dropped; only a `redact` hook can drop one (`dropsSpans`). Run it
 * once per span.
 *
 * @example
 * const prepare = createPrepareForExport({ traceConfig: resolveTraceConfig({ hideInputs: true }), limits });
 * const exported = ended.filter(prepare);
 */
export function createPrepareForExport(options: PrepareForExportOptions): PrepareForExport {
  const { traceConfig, redact, limits } = options;
  const lengthLimit = limits.attributeValueLengthLimit;
  const limited = lengthLimit !== Number.POSITIVE_INFINITY;
  const countLimit = limits.attributeCountLimit;
  // A data: URL cut by the length limit no longer decodes, so it is redacted like an oversized one.
  const imageLimit = Math.min(traceConfig.base64ImageMaxLength, lengthLimit);
  const classify = keyClassifier(traceConfig);
  // Values cut while finishing the current span (no user code runs while it counts).
  let truncated = 0;

  /** `value` after the switches (`flags` holds the key's outcome); `undefined` removes it. */
  function masked(flags: number, key: string, value: AttributeValue): AttributeValue | undefined {
    const outcome = flags & MASK_BITS;
    if (outcome === MASK_KEEP) return value;
    if (outcome === MASK_REMOVE) return undefined;
    return outcome === MASK_BY_VALUE ? maskAttribute(traceConfig, key, value, imageLimit) : REDACTED_VALUE;
  }

  /** An array with its strings scrubbed and cut, copied only if one of them changed. */
  function finishArray(value: readonly unknown[], urlKey: boolean): AttributeValue {
    let copy: unknown[] | undefined;
    let cutOne = false;
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      if (typeof item !== 'string') continue;
      let text = scrubString(item, urlKey);
      if (limited && text.length > lengthLimit) {
        text = cut(text, lengthLimit);
        cutOne = true;
      }
      if (text !== item) {
        copy ??= value.slice();
        copy[i] = text;
      }
    }
    if (cutOne) truncated++;
    return (copy ?? value) as AttributeValue;
  }

  /** `value` with credentials scrubbed and the length limit applied; `undefined` removes it. */
  function finished(flags: number, value: AttributeValue | null | undefined): AttributeValue | undefined {
    if ((flags & SECRET_KEY) !== 0 || value == null) return undefined;
    if (typeof value === 'string') {
      const text = scrubString(value, (flags & URL_KEY) !== 0);
      if (!limited || text.length <= lengthLimit) return text;
      truncated++;
      return cut(text, lengthLimit);
    }
    if (Array.isArray(value)) return finishArray(value, (flags & URL_KEY) !== 0);
    return value;
  }

  /** Masks (`mask`) and finishes (`finish`) a span's attributes in place; returns how many remain. */
  function update(attributes: Record<string, AttributeValue>, mask: boolean, finish: boolean): number {
    let count = 0;
    for (const key in attributes) {
      const value = attributes[key];
      const flags = classify(key);
      let next: AttributeValue | undefined = value;
      if (mask && (flags & MASK_BITS) !== MASK_KEEP) next = masked(flags, key, value);
      if (finish && next !== undefined) next = finished(flags, next);
      if (next === undefined) delete attributes[key];
      else {
        if (next !== value) attributes[key] = next;
        count++;
      }
    }
    return count;
  }

  /** Event attributes finished; the same object when nothing changed, else a changed copy. */
  function finishEventAttributes(source: Attributes): Attributes {
    let copy: Attributes | undefined;
    for (const key in source) {
      const value = source[key];
      const next = finished(classify(key), value);
      if (next === value && next !== undefined) continue;
      copy ??= { ...source };
      if (next === undefined) delete copy[key];
      else copy[key] = next;
    }
    return copy ?? source;
  }

  const prepare = (span: RecordingSpan): boolean => {
    const attributes = span.attributes;
    if (redact) {
      update(attributes, true, false);
      try {
        const kept = redact(attributes, span);
        if (kept === null) return false;
        if (kept !== undefined && kept !== attributes) {
          for (const key of Object.keys(attributes)) delete attributes[key];
          for (const key in kept) {
            const value = kept[key];
            if (value !== undefined && value !== null) attributes[key] = value;
          }
        }
      } catch (error) {
        reportError('redact', 'the redact hook threw; the span is dropped', error);
        return false;
      }
    }
    truncated = 0;
    const count = update(attributes, redact === undefined, true);
    const events = span.events;
    for (let i = 0; i < events.length; i++) {
      const event = events[i];
      const eventAttributes = finishEventAttributes(event.attributes);
      if (eventAttributes !== event.attributes) events[i] = { ...event, attributes: eventAttributes };
    }
    if (count > countLimit) {
      const keys = Object.keys(attributes);
      for (let i = countLimit; i < keys.length; i++) {
        delete attributes[keys[i]];
        span.droppedAttributesCount++;
      }
    }
    // A failure's message is often an upstream error text, which may quote a header back.
    const message = span.status.message;
    if (message) {
      const scrubbed = scrubText(message);
      if (scrubbed !== message) span.status = { ...span.status, message: scrubbed };
    }
    if (truncated > 0) attributes[TRUNCATED_ATTRIBUTES] = truncated;
    return true;
  };
  // Only the hook drops spans (a throw in the step itself is a bug, not a decision).
  return Object.assign(prepare, { dropsSpans: redact !== undefined });
}
