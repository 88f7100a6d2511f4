import { isPromiseLike } from '../promise-like.js';
import { type OpenInferenceSpanKind, SpanKindKey } from '../semconv.js';
import type { RecordingSpan } from './span.js';
import { inputAttributes, outputAttributes } from './span-io.js';
import { MAX_RECORDED_ITEMS } from './span-limits.js';
import { failSpan } from './span-status.js';
import { type SpanTracer, setSpan } from './tracer.js';

// biome-ignore lint/suspicious/noExplicitAny: a wrapper must accept any function signature
type AnyFunction = (this: any, ...args: any[]) => any;

/**
 * Wraps a function in a span of one OpenInference kind. Call it as `tracer.chain(fn)`,
 * `tracer.chain('name', fn)`, or use it as a method decorator: `@tracer.chain`.
 */
export interface SpanKindWrapper {
  <F extends AnyFunction>(fn: F): F;
  <F extends AnyFunction>(name: string, fn: F): F;
  <F extends AnyFunction>(method: F, context: ClassMethodDecoratorContext): F;
}

/** Builds the wrapper for one span kind on one tracer. */
export function createSpanKindWrapper(tracer: SpanTracer, kind: OpenInferenceSpanKind): SpanKindWrapper {
  return function wrapInSpan(first: string | AnyFunction, second?: AnyFunction | ClassMethodDecoratorContext) {
    if (typeof first === 'string') return traceFunction(tracer, kind, first, second as AnyFunction);
    const name = typeof second === 'object' && second !== null ? String(second.name) : first.name || kind.toLowerCase();
    return traceFunction(tracer, kind, name, first);
  } as SpanKindWrapper;
}

function traceFunction<F extends AnyFunction>(tracer: SpanTracer, kind: OpenInferenceSpanKind, name: string, fn: F): F {
  const traced = {
    [name](this: unknown, ...args: unknown[]): unknown {
      const parentContext = tracer.contextSource.active();
      const span = tracer.startSpan(name, { attributes: { [SpanKindKey]: kind } }, parentContext) as RecordingSpan;
      if (span.isRecording()) span.setAttributes(inputAttributes(args));
      const spanContext = setSpan(parentContext, span);
      const inSpan = <T>(step: () => T): T => tracer.contextSource.run(spanContext, step);
      let result: unknown;
      try {
        result = inSpan(() => fn.apply(this, args));
      } catch (error) {
        endFailed(span, error);
        throw error;
      }
      return settleWith(span, result, inSpan);
    },
  }[name] as F;
  return traced;
}

function settleWith(span: RecordingSpan, result: unknown, inSpan: <T>(step: () => T) => T): unknown {
  if (!span.isRecording()) return result;
  if (isPromiseLike(result)) {
    // Observe the caller's promise instead of returning a new one, so its identity and extra methods
    // (e.g. the OpenAI SDK's APIPromise) survive and no tick is added.
    result.then(
      (value) => endWith(span, value),
      (error) => endFailed(span, error),
    );
    return result;
  }
  if (result !== null && typeof result === 'object' && Symbol.asyncIterator in result) {
    return traceAsyncIterable(span, result as AsyncIterable<unknown>, inSpan);
  }
  endWith(span, result);
  return result;
}

function endWith(span: RecordingSpan, value: unknown): void {
  span.setAttributes(outputAttributes(value));
  span.end();
}

function endFailed(span: RecordingSpan, error: unknown): void {
  // The span may not record (suppressed, not sampled): failSpan's calls are then no-ops.
  failSpan(span, error);
  span.end();
}

async function* traceAsyncIterable(
  span: RecordingSpan,
  iterable: AsyncIterable<unknown>,
  inSpan: <T>(step: () => T) => T,
): AsyncGenerator<unknown> {
  // An async generator's body runs in whatever context calls next(), so each step is driven from
  // inside the span: spans and fetches in the body get it as their parent.
  const iterator = inSpan(() => iterable[Symbol.asyncIterator]());
  const items: unknown[] = [];
  let finished = false;
  try {
    while (true) {
      const step = await inSpan(() => iterator.next());
      if (step.done) break;
      if (items.length < MAX_RECORDED_ITEMS) items.push(step.value);
      yield step.value;
    }
    finished = true;
    const text = items.every((item) => typeof item === 'string');
    endWith(span, text ? items.join('') : items);
  } catch (error) {
    finished = true;
    endFailed(span, error);
    throw error;
  } finally {
    if (!finished) {
      // The consumer stopped early (break or return): close the source, keep what was produced.
      await inSpan(() => iterator.return?.());
      endWith(span, items);
    }
  }
}
