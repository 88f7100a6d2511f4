import type { AttributeValue, Link, SpanContext, SpanKind, SpanStatus } from '@opentelemetry/api';
import type { Timestamp } from './clock.js';
import type { SpanEventData } from './span.js';

/** An ended span as exporters see it: plain data. */
export interface SpanData {
  readonly name: string;
  readonly kind: SpanKind;
  readonly context: SpanContext;
  readonly parentSpanId: string | undefined;
  readonly startTime: Timestamp;
  readonly endTime: Timestamp | undefined;
  readonly attributes: Readonly<Record<string, AttributeValue>>;
  readonly events: readonly SpanEventData[];
  readonly links: readonly Link[];
  readonly status: SpanStatus;
  readonly droppedAttributesCount: number;
  readonly droppedEventsCount: number;
}
