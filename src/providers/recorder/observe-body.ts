/** What watches a body as it passes to its consumer. */
export interface BodyObserver {
  /** Sees each chunk after it was handed to the consumer. */
  chunk(bytes: Uint8Array): void;
  /** Called once: the body ended (`outcome` 'done'), failed ('error', with the error) or was cancelled. */
  end(outcome: 'done' | 'error' | 'cancelled', error?: unknown): void;
}

/**
 * A response whose body yields the same chunk objects as `response`'s (see {@link observeStream}),
 * while `observer` watches them. Status, status text, headers and `url` are carried over.
 */
export function observeResponseBody(response: Response, observer: BodyObserver): Response {
  const body = response.body;
  if (body === null) {
    observer.end('done');
    return response;
  }
  // Locked only once the wrapper exists: if building it throws, the caller still gets `response` intact.
  const observed = observeStream(body, observer);
  const wrapped = new Response(observed.stream, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  observed.start();
  // `url` is read-only on a constructed Response; clients use it in error messages and redirects.
  if (response.url) Object.defineProperty(wrapped, 'url', { value: response.url });
  if (response.redirected) Object.defineProperty(wrapped, 'redirected', { value: true });
  return wrapped;
}

/**
 * A stream that yields the same chunk objects as `body`, in the same order, pulled only when the
 * consumer reads (no read-ahead, so no added wait and no buffering), while `observer` watches them.
 * Cancelling it cancels `body`, so an aborted stream still stops the generation. `body` is locked
 * only when `start()` is called, so a caller can build what it needs first and hand `body` back
 * untouched if that fails.
 *
 * @example
 * const observed = observeStream(result, { chunk: (bytes) => count(bytes), end: () => span.end() });
 * observed.start();
 * return observed.stream;
 */
export function observeStream(
  body: ReadableStream<Uint8Array>,
  observer: BodyObserver,
): { stream: ReadableStream<Uint8Array>; start(): void } {
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  let ended = false;
  const end = (outcome: 'done' | 'error' | 'cancelled', error?: unknown) => {
    if (ended) return;
    ended = true;
    observer.end(outcome, error);
  };
  const stream = new ReadableStream<Uint8Array>(
    {
      // A promise chain, not an async function: one microtask less between a chunk and its consumer.
      pull(controller) {
        return reader!.read().then(
          (result) => {
            if (result.done) {
              controller.close();
              end('done');
            } else {
              controller.enqueue(result.value);
              observer.chunk(result.value);
            }
          },
          (error: unknown) => {
            end('error', error);
            controller.error(error);
          },
        );
      },
      cancel(reason) {
        end('cancelled', reason);
        return reader!.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
  return {
    stream,
    start() {
      reader = body.getReader();
    },
  };
}
