import type { Attributes, Context } from '@opentelemetry/api';
import { HttpResponseStatusCode, ResponseNotRecorded } from '../../semconv.js';
import { now } from '../../trace/clock.js';
import type { RecordingSpan } from '../../trace/span.js';
import { SPAN_KIND_CLIENT } from '../../trace/span-data.js';
import { failSpan, STATUS_ERROR } from '../../trace/span-status.js';
import type { SpanTracer } from '../../trace/tracer.js';
import { markFetchLevelLlmSpan } from '../fetch-level-span.js';
import type { LlmApi, LlmRoute } from '../provider.js';
import { parseJson } from './json-shape.js';
import { DEFAULT_MAX_RESPONSE_BYTES, type LlmFetchOptions } from './llm-fetch-options.js';
import { completeLlmSpan, SpanStreamWatch } from './llm-span-end.js';
import { observeResponseBody } from './observe-body.js';
import { bodyDecoder, readRequestBodyText } from './read-request-body.js';
import { runSoon } from './run-soon.js';
import { safely } from './safely.js';

/** One recognized LLM call about to be sent. */
export interface LlmFetchCall {
  readonly original: typeof fetch;
  readonly input: RequestInfo | URL;
  readonly init: RequestInit | undefined;
  readonly api: LlmApi;
  readonly route: LlmRoute;
  readonly tracer: SpanTracer;
  readonly context: Context;
  readonly options: LlmFetchOptions;
}

/**
 * Sends the call and records it as an LLM (or EMBEDDING) span that ends when the response body has
 * been read through, fails, or is cancelled. The caller gets the same status, headers and bytes, and
 * the same error object when the call fails; nothing the tracer does can throw into it.
 */
export function traceLlmFetch(call: LlmFetchCall): Promise<Response> {
  // Closures below capture these, never `call`: the span's end hook lives until the span ends, and
  // `call` holds the request body.
  const { api, route, options } = call;
  const span = call.tracer.startSpan(
    api.spanName(route),
    { kind: SPAN_KIND_CLIENT, attributes: api.routeAttributes(route) },
    call.context,
  ) as RecordingSpan;
  if (!span.isRecording()) return call.original(call.input, call.init);
  markFetchLevelLlmSpan(span);
  // The body is taken before sending (a Request's is consumed by it), but parsed into attributes
  // only after the turn that brought the answer: neither the send nor the first chunk waits for it.
  let requestText = takeRequestText(span, call);
  let requestBody: unknown;
  // Records the request the first time; gives its parsed body.
  const request = () => {
    const text = requestText;
    if (text !== undefined) {
      requestText = undefined;
      requestBody = safely(() => recordRequestText(span, api, route, text));
    }
    return requestBody;
  };
  let watch: SpanStreamWatch | undefined;
  // What was left for later is recorded first, whoever ends the span (a flush ends a stream nobody
  // reads, or reads slowly). The span drops the hook as it runs it: an ended span holds nothing of
  // the call.
  span.beforeEnd(() => {
    request();
    safely(() => watch?.flush());
  });
  const sentAt = now();
  const failed = (error: unknown) => {
    safely(() => {
      failSpan(span, error);
      span.end();
    });
  };
  let sent: Promise<Response>;
  try {
    sent = call.original(call.input, call.init);
  } catch (error) {
    // A fetch that throws instead of rejecting: the caller gets the same throw, and the span ends.
    failed(error);
    throw error;
  }
  return sent.then(
    (response) => {
      const wrapped = safely(() => {
        if ((response.headers.get('content-type') ?? '').includes('text/event-stream')) {
          watch = new SpanStreamWatch(span, () => api.streamAccumulator(route), sentAt);
        }
        return recordResponse(span, api, route, options, request, watch, response);
      });
      // After this turn, in which the consumer takes a first chunk that came with the headers.
      runSoon(request);
      if (wrapped) return wrapped;
      // The body could not be observed (a locked or disturbed body): hand it over as it is, end the span.
      span.end();
      return response;
    },
    (error: unknown) => {
      failed(error);
      throw error;
    },
  );
}

/** The request body's text, when it can be read now; a Request's own body is read from a clone, later. */
function takeRequestText(span: RecordingSpan, call: LlmFetchCall): string | undefined {
  return safely(() => {
    const { input, init } = call;
    if (init?.body === undefined && input instanceof Request && input.body !== null && !input.bodyUsed) {
      // Cloned before the send consumes it, read after the fact, so the send is not delayed.
      input
        .clone()
        .text()
        .then((text) => recordRequestText(span, call.api, call.route, text))
        .catch(() => {});
      return undefined;
    }
    return readRequestBodyText(init?.body);
  });
}

function recordRequestText(span: RecordingSpan, api: LlmApi, route: LlmRoute, text: string): unknown {
  const body = parseJson(text);
  if (body !== undefined) span.setAttributes(api.requestAttributes(route, body));
  return body;
}

function recordResponse(
  span: RecordingSpan,
  api: LlmApi,
  route: LlmRoute,
  options: LlmFetchOptions,
  request: () => unknown,
  watch: SpanStreamWatch | undefined,
  response: Response,
): Response {
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  let chunks: Uint8Array[] | undefined = watch ? undefined : [];
  let size = 0;
  return observeResponseBody(response, {
    chunk(bytes) {
      safely(() => {
        if (watch) {
          watch.push(bytes);
        } else if (chunks) {
          size += bytes.byteLength;
          if (size <= maxBytes) chunks.push(bytes);
          else chunks = undefined;
        }
      });
    },
    end(outcome, error) {
      // The request's attributes go first: the response's (the served model) overwrite them.
      const requestBody = request();
      safely(() => {
        let attributes: Attributes = {};
        if (watch) {
          attributes = watch.end();
        } else if (chunks) {
          const body = parseJson(concatText(chunks));
          if (response.ok && body !== undefined) attributes = api.responseAttributes(route, body);
          if (!response.ok) setHttpError(span, response.status, api.errorMessage(body));
        } else {
          attributes[ResponseNotRecorded] = true;
        }
        if (!response.ok && !chunks) setHttpError(span, response.status, undefined);
        completeLlmSpan(span, attributes, {
          api,
          route,
          options,
          requestBody,
          firstTokenMs: watch?.firstTokenMs,
          streamError: watch?.error,
          outcome,
          error,
        });
      });
      span.end();
    },
  });
}

function setHttpError(span: RecordingSpan, status: number, message: string | undefined): void {
  span.setAttribute(HttpResponseStatusCode, status);
  span.setStatus({ code: STATUS_ERROR, message: message ?? `HTTP ${status}` });
}

function concatText(chunks: readonly Uint8Array[]): string {
  if (chunks.length === 1) return bodyDecoder.decode(chunks[0]);
  let text = '';
  const streaming = new TextDecoder();
  for (const chunk of chunks) text += streaming.decode(chunk, { stream: true });
  return text + streaming.decode();
}
