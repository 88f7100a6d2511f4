/** What watches a body as it passes to its consumer. */
export interface BodyObserver {
  /** Sees each chunk after it was handed to the consumer. */
  chunk(bytes: Uint8Array): void;
  /** Called once: the body ended (`outcome` 'done'), failed ('error', with the error) or was cancelled. */
  end(outcome: 'done' | 'error' | 'cancelled', error?: unknown): void;
}

/** A stream handed out in place of a body, built before the body is known. */
export interface ObservedStream {
  /** Yields the same chunk objects as the body given to `start`. */
  readonly stream: ReadableStream<Uint8Array>;
  /** Locks `body` and passes it through `stream` while `observer` watches it. */
  start(body: ReadableStream<Uint8Array>, observer: BodyObserver): void;
}

/**
 * A response whose body yields the same chunk objects as `response`'s (see {@link createObservedStream}),
 * while `observer` watches them. Status, status text, headers and `url` are carried over. `observed`
 * is a stream built ahead, while the response was awaited.
 */
export function observeResponseBody(
  response: Response,
  observer: BodyObserver,
  observed: ObservedStream = createObservedStream(),
): Response {
  const body = response.body;
  if (body === null) {
    observer.end('done');
    return response;
  }
  // Locked only once the wrapper exists: if building it throws, the caller still gets `response` intact.
  const wrapped = new Response(observed.stream, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  observed.start(body, observer);
  // `url` is read-only on a constructed Response; clients use it in error messages and redirects.
  if (response.url) Object.defineProperty(wrapped, 'url', { value: response.url });
  if (response.redirected) Object.defineProperty(wrapped, 'redirected', { value: true });
  return wrapped;
}

/**
 * A stream that, once started, yields the same chunk objects as the body, in the same order, pulled
 * only when the consumer reads (no read-ahead, so no added wait and no buffering), while the observer
 * watches them. Cancelling it cancels the body, so an aborted stream still stops the generation.
 * Building a stream costs more than a chunk's way through it, so a caller that knows a body will
 * come builds it while waiting; the body is locked only by `start`, so a caller can build what it
 * needs first and hand the body back untouched if that fails.
 *
 * @example
 * const observed = createObservedStream();
 * observed.start(result, { chunk: (bytes) => count(bytes), end: () => span.end() });
 * return observed.stream;
 */
export function createObservedStream(): ObservedStream {
  let reader: ReadableStreamDefaultReader<Uint8Array>;
  let observer: BodyObserver;
  let ended = false;
  const end = (outcome: 'done' | 'error' | 'cancelled', error?: unknown) => {
    if (ended) return;
    ended = true;
    observer.end(outcome, error);
  };
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let result: ReadableStreamReadResult<Uint8Array>;
        try {
          result = await reader.read();
        } catch (error) {
          end('error', error);
          controller.error(error);
          return;
        }
        if (result.done) {
          controller.close();
          end('done');
          return;
        }
        controller.enqueue(result.value);
        observer.chunk(result.value);
      },
      cancel(reason) {
        end('cancelled', reason);
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
  return {
    stream,
    start(body, watcher) {
      observer = watcher;
      reader = body.getReader();
    },
  };
}
