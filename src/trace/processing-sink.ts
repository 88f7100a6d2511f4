import { reportError } from '../report-error.js';
import type { RecordingSpan, SpanSink } from './span.js';
import type { SpanProcessor } from './span-processor.js';

function each(processors: readonly SpanProcessor[], hook: 'onStart' | 'onEnding', span: RecordingSpan): void {
  for (const processor of processors) {
    try {
      processor[hook]?.(span);
    } catch (error) {
      reportError('span-processor', `a span processor failed in ${hook}`, error);
    }
  }
}

/**
 * The sink spans report to when processors are configured: each processor sees the span, then the
 * buffer does. With no processors, spans go straight to the buffer and pay nothing for this.
 */
export function withProcessors(sink: SpanSink, processors: readonly SpanProcessor[]): SpanSink {
  if (processors.length === 0) return sink;
  return {
    onStart(span) {
      each(processors, 'onStart', span);
      sink.onStart(span);
    },
    onEnding(span) {
      each(processors, 'onEnding', span);
    },
    onEnd(span) {
      sink.onEnd(span);
    },
  };
}
