import type { Attributes, AttributeValue } from '@opentelemetry/api';
import { reportError } from '../report-error.js';
import type { RecordingSpan } from '../trace/span.js';
import type { SpanData } from '../trace/span-data.js';
import { type SpanLimits, TRUNCATED_ATTRIBUTES } from '../trace/span-limits.js';
import { limitValue } from './limit-values.js';
import { maskAttribute } from './masking-rules.js';
import { scrubSecret, scrubText } from './secrets.js';
import type { TraceConfig } from './trace-config.js';

/**
 * The user's last word on a span's attributes, called once when the span ends, after the TraceConfig
 * switches: return the attributes to keep (the same object changed in place, or a new one), or `null`
 * to drop the whole span. A hook that throws drops the span too: when redaction fails, nothing leaves.
 */
export type RedactHook = (
  attributes: Record<string, AttributeValue>,
  span: SpanData,
) => Attributes | Record<string, AttributeValue> | null | undefined;

/** What the span-end step applies. */
export interface SpanEndOptions {
  readonly traceConfig: TraceConfig;
  readonly redact?: RedactHook;
  /** The exported limits (spans record with one more character, see `recordingLimits`). */
  readonly limits: SpanLimits;
}

function replaceAttributes(target: Record<string, AttributeValue>, source: Attributes): void {
  if (source === target) return;
  for (const key of Object.keys(target)) delete target[key];
  for (const key in source) {
    const value = source[key];
    if (value !== undefined && value !== null) target[key] = value;
  }
}

/** Scrubs secrets and applies the length limit in place; returns how many values were cut. */
function finish(attributes: Record<string, AttributeValue> | Attributes, lengthLimit: number): number {
  let truncated = 0;
  for (const key of Object.keys(attributes)) {
    const value = attributes[key];
    const scrubbed = value === undefined || value === null ? undefined : scrubSecret(key, value);
    if (scrubbed === undefined) {
      delete attributes[key];
      continue;
    }
    const limited = limitValue(scrubbed, lengthLimit);
    if (limited.truncated) truncated++;
    if (limited.value !== value) attributes[key] = limited.value;
  }
  return truncated;
}

function enforceCount(span: RecordingSpan, limit: number): void {
  const keys = Object.keys(span.attributes);
  for (let i = limit; i < keys.length; i++) {
    delete span.attributes[keys[i]];
    span.droppedAttributesCount++;
  }
}

/**
 * Builds the step every span passes when it ends, before it may enter the export queue: TraceConfig
 * masking, the user's `redact` hook, then (as the final word, so a hook cannot undo it) credential
 * scrubbing and the value-length limit with its `edge_llmobs.truncated_attributes` mark. It changes
 * the span in place, so a masked value is unreachable from the moment the span ends; it returns
 * `false` when the span must be dropped.
 *
 * @example
 * const onEnding = createSpanEndProcessor({ traceConfig: resolveTraceConfig({ hideInputs: true }), limits });
 * if (onEnding(span)) queue.push(span);
 */
export function createSpanEndProcessor(options: SpanEndOptions): (span: RecordingSpan) => boolean {
  const { traceConfig, redact, limits } = options;
  const lengthLimit = limits.attributeValueLengthLimit;
  // A data: URL cut by the length limit no longer decodes, so it is redacted like an oversized one.
  const imageLimit = Math.min(traceConfig.base64ImageMaxLength, lengthLimit);
  return (span) => {
    const attributes = span.attributes;
    for (const key in attributes) {
      const masked = maskAttribute(traceConfig, key, attributes[key], imageLimit);
      if (masked === undefined) delete attributes[key];
      else if (masked !== attributes[key]) attributes[key] = masked;
    }
    if (redact) {
      try {
        const kept = redact(attributes, span);
        if (kept === null) return false;
        if (kept !== undefined) replaceAttributes(attributes, kept);
      } catch (error) {
        reportError('redact', 'the redact hook threw; the span is dropped', error);
        return false;
      }
    }
    let truncated = finish(attributes, lengthLimit);
    const events = span.events;
    for (let i = 0; i < events.length; i++) {
      // Event attributes may be the caller's own object: work on a copy, never on theirs.
      const copy = { ...events[i].attributes };
      truncated += finish(copy, lengthLimit);
      events[i] = { ...events[i], attributes: copy };
    }
    enforceCount(span, limits.attributeCountLimit);
    // A failure's message is often an upstream error text, which may quote a header back.
    if (span.status.message) span.status = { ...span.status, message: scrubText(span.status.message) };
    if (truncated > 0) attributes[TRUNCATED_ATTRIBUTES] = truncated;
    return true;
  };
}
