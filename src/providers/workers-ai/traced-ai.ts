import { isTracingSuppressed } from '../../context/context-attributes.js';
import { now } from '../../trace/clock.js';
import type { RecordingSpan } from '../../trace/span.js';
import { SPAN_KIND_CLIENT } from '../../trace/span-data.js';
import { markFetchLevelLlmSpan } from '../fetch-level-span.js';
import type { AiBindingLike, LlmApi, TracedFetchTarget } from '../provider.js';
import { completeLlmSpan, SpanStreamWatch } from '../recorder/llm-span-end.js';
import { observeStream } from '../recorder/observe-body.js';
import { safely } from '../recorder/safely.js';
import { runRequestAttributes, runResultAttributes, WORKERS_AI_ROUTE_ATTRIBUTES } from './run-attributes.js';
import { WorkersAiStreamAccumulator } from './run-stream.js';

const TRACED: unique symbol = /* @__PURE__ */ Symbol.for('edge-llmobs.traced-ai');

/**
 * A view of `ai` whose `run` records each call as an LLM (or EMBEDDING) span; every other member
 * (`gateway()`, `models()`, `toMarkdown()`...) is the binding's own. The caller gets the same value
 * `run` resolves to, or, for `stream: true`, a stream that yields the same chunks in the same order
 * with no read-ahead; a rejection is the binding's own error. Wrapping a wrapped binding returns it.
 * `api` (Workers AI's) reads results, errors and streams; passed in, so this file and
 * `workers-ai-api.ts`, whose binding uses it, do not import each other.
 */
export function createTracedAi<T extends AiBindingLike>(ai: T, target: TracedFetchTarget, api: LlmApi): T {
  if ((ai as { [TRACED]?: boolean })[TRACED]) return ai;
  const run = ai.run;
  const tracedRun = function tracedRun(model: string, inputs: unknown, options?: unknown): Promise<unknown> {
    const recorder = target.recorder();
    const context = target.contextSource.active();
    if (!recorder || isTracingSuppressed(context)) return run.call(ai, model, inputs, options);
    const span = recorder.tracer.startSpan(
      'Workers AI',
      { kind: SPAN_KIND_CLIENT, attributes: WORKERS_AI_ROUTE_ATTRIBUTES },
      context,
    ) as RecordingSpan;
    if (!span.isRecording()) return run.call(ai, model, inputs, options);
    markFetchLevelLlmSpan(span);
    safely(() => span.setAttributes(runRequestAttributes(model, inputs)));
    const route = { operation: 'run', provider: 'cloudflare', model };
    const end = { api, route, options: recorder.options, requestBody: inputs };
    const sentAt = now();
    const failed = (error: unknown) => {
      safely(() => completeLlmSpan(span, {}, { ...end, outcome: 'error', error }));
      span.end();
    };
    let result: Promise<unknown>;
    try {
      result = run.call(ai, model, inputs, options);
    } catch (error) {
      failed(error);
      throw error;
    }
    return Promise.resolve(result).then(
      (value) => {
        if (value instanceof ReadableStream) return watchStream(span, value, sentAt, end) ?? value;
        safely(() => completeLlmSpan(span, runResultAttributes(value), { ...end, outcome: 'done' }));
        span.end();
        return value;
      },
      (error: unknown) => {
        failed(error);
        throw error;
      },
    );
  };
  return new Proxy(ai, {
    get(binding, key) {
      if (key === 'run') return tracedRun;
      if (key === TRACED) return true;
      const value = Reflect.get(binding, key);
      return typeof value === 'function' ? value.bind(binding) : value;
    },
  });
}

function watchStream(
  span: RecordingSpan,
  stream: ReadableStream,
  sentAt: ReturnType<typeof now>,
  end: Omit<Parameters<typeof completeLlmSpan>[2], 'outcome'>,
): ReadableStream | undefined {
  const observed = safely(() => {
    const watch = new SpanStreamWatch(span, () => new WorkersAiStreamAccumulator(), sentAt);
    const result = observeStream(stream, {
      chunk(bytes) {
        safely(() => watch.push(bytes instanceof Uint8Array ? bytes : new Uint8Array(0)));
      },
      end(outcome, error) {
        safely(() =>
          completeLlmSpan(span, watch.end(), {
            ...end,
            firstTokenMs: watch.firstTokenMs,
            streamError: watch.error,
            outcome,
            error,
          }),
        );
        span.end();
      },
    });
    result.start();
    return result.stream;
  });
  // Could not wrap it (a locked stream): the caller gets the binding's stream, the span ends now.
  if (observed === undefined) span.end();
  return observed;
}
