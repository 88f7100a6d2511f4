import type { RecordingSpan } from './span.js';

/** Where a span goes when it starts and ends (the span processor). */
export interface SpanSink {
  onStart(span: RecordingSpan): void;
  /** Called by `end()` while the span still takes attributes (span processors' last word). */
  onEnding?(span: RecordingSpan): void;
  onEnd(span: RecordingSpan): void;
}
