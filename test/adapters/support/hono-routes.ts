import { Hono } from 'hono';
import { setCookie } from 'hono/cookie';
import { streamSSE, streamText } from 'hono/streaming';
import { sleep, spanClockMs } from './memory.js';

/** The pieces the streaming routes send, 10 ms apart. */
export const STREAM_PIECES = ['Echo', ': ', 'pack ', 'layers'];

/** When `/stream` last began writing its last piece ({@link spanClockMs}). */
export const streamMarks = { lastPieceAt: Number.NaN };

/**
 * Routes that exercise what a tracer could disturb: status, headers and cookies, a JSON body, a
 * chunked text stream, Server-Sent Events, a thrown error turned into a response by `onError`.
 */
export function defineRoutes(app: Hono): Hono {
  app.get('/items/:id', (c) => {
    setCookie(c, 'a', '1');
    setCookie(c, 'b', '2');
    c.header('x-custom', 'kept');
    return c.json({ id: c.req.param('id') }, 201);
  });
  app.get('/stream', (c) =>
    streamText(c, async (stream) => {
      for (const [i, piece] of STREAM_PIECES.entries()) {
        if (i > 0) await sleep(10);
        if (i === STREAM_PIECES.length - 1) streamMarks.lastPieceAt = spanClockMs();
        await stream.write(piece);
      }
    }),
  );
  app.get('/sse', (c) =>
    streamSSE(c, async (stream) => {
      for (const piece of STREAM_PIECES) await stream.writeSSE({ data: piece, event: 'delta' });
    }),
  );
  app.get('/throw', () => {
    throw new RangeError('kaput');
  });
  app.onError((error, c) => c.text(`handled: ${error.message}`, 500, { 'x-error': 'yes' }));
  return app;
}

/** A bare app with the routes (no tracing), to compare against. */
export function bareApp(): Hono {
  return defineRoutes(new Hono());
}
