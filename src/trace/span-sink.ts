/**
 * Where a span goes when it starts and ends (the span processor), over the span type `span.ts`
 * names, so that this file and the span's do not import each other.
 */
export interface SpanSinkOf<S> {
  onStart(span: S): void;
  /** Called by `end()` while the span still takes attributes (span processors' last word). */
  onEnding?(span: S): void;
  onEnd(span: S): void;
}
