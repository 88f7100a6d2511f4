import { SpanKindKey } from '../semconv.js';
import { millisecondsBetween } from '../trace/clock.js';
import type { SpanData } from '../trace/span-data.js';
import { STATUS_ERROR } from '../trace/span-status.js';
import type { ExportResult, SpanExporter } from './span-exporter.js';

/**
 * Prints each span on one line, then its attributes, for local work: `exporter: 'console'`.
 *
 * @example
 * const obs = register({ serviceName: 'chat-app', exporter: 'console' });
 */
export class ConsoleSpanExporter implements SpanExporter {
  async export(spans: readonly SpanData[]): Promise<ExportResult> {
    for (const span of spans) {
      const kind = span.attributes[SpanKindKey] ?? 'SPAN';
      const ms = span.endTime ? millisecondsBetween(span.startTime, span.endTime).toFixed(1) : '?';
      const parent = span.parentSpanId ? ` parent=${span.parentSpanId}` : '';
      const status = span.status.code === STATUS_ERROR ? ` ERROR ${span.status.message ?? ''}` : '';
      console.log(
        `${kind} ${span.name} ${ms}ms trace=${span.context.traceId} span=${span.context.spanId}${parent}${status}`,
      );
      for (const key in span.attributes) {
        if (key !== SpanKindKey) console.log(`  ${key} = ${JSON.stringify(span.attributes[key])}`);
      }
    }
    return { ok: true };
  }
}
