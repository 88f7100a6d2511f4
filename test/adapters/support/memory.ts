import type { SpanData } from '../../../src/index.js';

/** A Worker `ExecutionContext` stand-in that keeps every promise handed to `waitUntil`. */
export function fakeExecutionContext() {
  const promises: Promise<unknown>[] = [];
  const ctx = {
    props: { tenant: 'acme' },
    passThroughCalls: 0,
    waitUntil(promise: Promise<unknown>) {
      promises.push(promise);
    },
    passThroughOnException() {
      ctx.passThroughCalls++;
    },
  };
  return {
    ctx,
    promises,
    /** Waits for every `waitUntil` promise, including ones added while waiting. */
    async settle() {
      let seen = -1;
      while (seen !== promises.length) {
        seen = promises.length;
        await Promise.allSettled(promises);
      }
    },
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Reads a body chunk by chunk, keeping each chunk's bytes as they arrived. */
export async function readChunks(response: Response): Promise<string[]> {
  const chunks: string[] = [];
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return chunks;
    chunks.push(decoder.decode(value));
  }
}

/** Now, on the clock spans use in Node (`performance`), so a test can order its moments against span times. */
export const spanClockMs = () => performance.timeOrigin + performance.now();

/** A span time as epoch milliseconds on that clock. */
export const spanTimeMs = (time: { epochMs: number; nanos: number }) => time.epochMs + time.nanos / 1e6;

/**
 * A body that sends `pieces` one at a time, `gapMs` apart; `cancelled` records a cancel reason,
 * `lastSentAt` when the last piece was handed over ({@link spanClockMs}).
 */
export function slowBody(pieces: string[], gapMs: number) {
  const encoder = new TextEncoder();
  const state = { cancelled: undefined as unknown, sent: 0, lastSentAt: 0 };
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (state.sent === pieces.length) return controller.close();
      if (state.sent > 0) await sleep(gapMs);
      if (state.sent === pieces.length - 1) state.lastSentAt = spanClockMs();
      controller.enqueue(encoder.encode(pieces[state.sent++]));
    },
    cancel(reason) {
      state.cancelled = reason ?? 'cancelled';
    },
  });
  return { stream, state };
}

export function byName(spans: readonly SpanData[], name: string): SpanData {
  const span = spans.find((s) => s.name === name);
  if (!span) throw new Error(`no span named ${name} among ${spans.map((s) => s.name).join(', ')}`);
  return span;
}
