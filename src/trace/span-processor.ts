import type { RecordingSpan } from './span.js';

/**
 * Sees each recorded span when it starts and while it ends (`onEnding`, when it still takes
 * attributes), before the span buffer does: how an integration turns another library's spans (the
 * Vercel AI SDK's, through the OpenTelemetry API) into OpenInference spans. Both run on the span
 * path, so they must be cheap for spans they do not handle; what they throw is caught and
 * reported, never passed to the app.
 *
 * @example
 * import { register } from 'edge-llmobs';
 * import { aiSdkProcessor } from 'edge-llmobs/ai-sdk';
 *
 * const obs = register({ serviceName: 'chat-app', spanProcessors: [aiSdkProcessor()] });
 */
export interface SpanProcessor {
  onStart?(span: RecordingSpan): void;
  onEnding?(span: RecordingSpan): void;
}
