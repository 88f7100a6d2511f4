// What every runtime runs: a turn in a session, a span another library starts through
// @opentelemetry/api inside it, and what the API sees of this library's span. Bundled with the
// API's own copy, as an app that depends on both would be.
import { context, propagation, type Span, trace } from '@opentelemetry/api';
import type { AsyncLocalStorageConstructor } from '../../src/index.js';
import { register, usingSession } from '../../src/index.js';

/** What the scenario reports back: the turn span as the API saw it, and the headers it injected. */
export interface ScenarioResult {
  activeSpanId: string | undefined;
  headers: Record<string, string>;
  contextFollowsAwait: boolean;
}

const pause = () => new Promise((resolve) => setTimeout(resolve, 1));

/** Registers (once per isolate), runs one turn in `sessionId`, flushes. */
export async function runScenario(
  endpoint: string,
  sessionId: string,
  AsyncLocalStorage?: AsyncLocalStorageConstructor,
): Promise<ScenarioResult> {
  const obs = register({ serviceName: 'otel-runtimes', endpoint, AsyncLocalStorage });
  // Named explicitly: bundlers may rename functions.
  const turn = obs.tracer.chain('turn', async (): Promise<ScenarioResult> => {
    await pause();
    const headers: Record<string, string> = {};
    propagation.inject(context.active(), headers);
    const activeSpanId = trace.getActiveSpan()?.spanContext().spanId;
    await trace.getTracer('third-party', '1.0.0').startActiveSpan('library work', async (span: Span) => {
      await pause();
      span.end();
    });
    return { activeSpanId, headers, contextFollowsAwait: obs.contextFollowsAwait };
  });
  const result = await usingSession(sessionId, () => turn());
  await obs.forceFlush();
  return result;
}
