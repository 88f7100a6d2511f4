/** Called once when a watched body has been read to its end, failed, or was cancelled. */
export type BodyDone = (outcome: { error?: unknown; cancelled?: boolean }) => void;

/**
 * A stream that hands out `body`'s chunks unchanged, one read at a time (highWaterMark 0: nothing is
 * read ahead of the consumer, so backpressure and cancellation reach the source as before), and
 * reports when the body is done.
 */
function passThrough(body: ReadableStream<Uint8Array>, done: BodyDone): ReadableStream<Uint8Array> {
  // Taken at the first read, so the body stays untouched if the Response cannot be built around it.
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  let finished = false;
  const finish = (outcome: Parameters<BodyDone>[0]) => {
    if (finished) return;
    finished = true;
    done(outcome);
  };
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let result: ReadableStreamReadResult<Uint8Array>;
        try {
          reader ??= body.getReader();
          result = await reader.read();
        } catch (error) {
          controller.error(error);
          finish({ error });
          return;
        }
        if (result.done) {
          controller.close();
          finish({});
        } else controller.enqueue(result.value);
      },
      cancel(reason) {
        finish({ cancelled: true });
        return reader ? reader.cancel(reason) : body.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}

/**
 * `response` with a body that calls `done` when it has been sent, or `response` itself (and `done`
 * called now) when there is nothing to watch: no body, a WebSocket upgrade, a body already taken.
 * Status, status text and headers are the response's own.
 */
export function watchResponseBody(response: Response, done: BodyDone): Response {
  const body = response.body;
  const upgrade = response.status === 101 || (response as { webSocket?: unknown }).webSocket != null;
  if (body === null || upgrade || body.locked) {
    done({});
    return response;
  }
  let watched: Response;
  try {
    watched = new Response(passThrough(body, done), response);
  } catch {
    done({});
    return response;
  }
  return watched;
}
