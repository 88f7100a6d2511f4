// Retry policy and the retrying sender, without a network: each attempt is a function the test
// scripts, so counts and give-up points are exact.
import { describe, expect, it, vi } from 'vitest';
import { emptyExporterStats } from '../../src/pipeline/export-outcome.js';
import { nextPause } from '../../src/pipeline/export-pause.js';
import { backoffDelay, isRetryableStatus, parseRetryAfter } from '../../src/pipeline/retry-policy.js';
import { type AttemptPolicy, sendWithRetry } from '../../src/pipeline/send-with-retry.js';

function scripted(steps: (number | Error | { status: number; retryAfter: string })[]) {
  let index = 0;
  return async (_signal: AbortSignal) => {
    const step = steps[Math.min(index++, steps.length - 1)];
    if (step instanceof Error) throw step;
    const { status, retryAfter } = typeof step === 'number' ? { status: step, retryAfter: undefined } : step;
    return new Response('{}', { status, headers: retryAfter ? { 'retry-after': retryAfter } : {} });
  };
}

function policy(overrides: Partial<AttemptPolicy> = {}): AttemptPolicy {
  return {
    maxAttempts: 5,
    attemptTimeoutMs: 500,
    backoff: { baseDelayMs: 5, maxDelayMs: 20 },
    deadline: Date.now() + 5000,
    ...overrides,
  };
}

describe('retry policy', () => {
  it('retries 429, 502, 503 and 504 only', () => {
    expect([429, 502, 503, 504].every(isRetryableStatus)).toBe(true);
    expect([400, 401, 403, 404, 413, 500, 501].some(isRetryableStatus)).toBe(false);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter('0.5')).toBe(500);
    const now = Date.parse('Wed, 21 Oct 2015 07:27:58 GMT');
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', now)).toBe(2000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:27:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });

  it('backs off exponentially with full jitter, capped', () => {
    expect(backoffDelay(1, {}, () => 0.999)).toBe(199);
    expect(backoffDelay(3, {}, () => 0.999)).toBe(799);
    expect(backoffDelay(20, {}, () => 0.999)).toBe(4995);
    expect(backoffDelay(4, {}, () => 0)).toBe(0);
  });

  it('pauses the buffer 1 s, 2 s, 4 s … 30 s, or as long as Retry-After asks (up to 60 s)', () => {
    expect([1, 2, 3, 6, 10].map((n) => nextPause(n))).toEqual([1000, 2000, 4000, 30_000, 30_000]);
    expect(nextPause(1, 10_000)).toBe(10_000);
    expect(nextPause(1, 600_000)).toBe(60_000);
  });
});

describe('sendWithRetry', () => {
  it('retries retryable statuses until one succeeds, counting each attempt', async () => {
    const stats = emptyExporterStats();
    const outcome = await sendWithRetry(scripted([503, 502, 504, 200]), policy(), stats);
    expect(outcome).toEqual({ ok: true, retryable: false });
    expect(stats).toMatchObject({ attempts: 4, retries: 3, lastStatus: 200 });
  });

  it('does not retry other 4xx nor 500', async () => {
    for (const status of [400, 401, 413, 500]) {
      const stats = emptyExporterStats();
      const outcome = await sendWithRetry(scripted([status, 200]), policy(), stats);
      expect(outcome.ok).toBe(false);
      expect(outcome.retryable).toBe(false);
      expect(stats.attempts).toBe(1);
    }
  });

  it('retries network errors, and stops at maxAttempts', async () => {
    const stats = emptyExporterStats();
    const outcome = await sendWithRetry(scripted([new TypeError('fetch failed')]), policy({ maxAttempts: 3 }), stats);
    expect(outcome).toMatchObject({ ok: false, retryable: true });
    expect(stats).toMatchObject({ attempts: 3, retries: 2 });
  });

  it('gives up at once when Retry-After reaches past the deadline, and reports it', async () => {
    const stats = emptyExporterStats();
    // With fake timers no time passes unless the test moves it: settling now means no wait was started.
    vi.useFakeTimers();
    let outcome: Awaited<ReturnType<typeof sendWithRetry>> | undefined;
    try {
      void sendWithRetry(
        scripted([{ status: 429, retryAfter: '30' }]),
        policy({ deadline: Date.now() + 2000 }),
        stats,
      ).then((settled) => {
        outcome = settled;
      });
      await vi.advanceTimersByTimeAsync(0);
    } finally {
      vi.useRealTimers();
    }
    expect(outcome).toMatchObject({ ok: false, retryable: true, retryAfterMs: 30_000 });
    expect(stats.attempts).toBe(1);
  });

  it('stops when the flush deadline aborts a wait', async () => {
    const stats = emptyExporterStats();
    const controller = new AbortController();
    const pending = sendWithRetry(
      scripted([{ status: 503, retryAfter: '1' }]),
      policy({ signal: controller.signal }),
      stats,
    );
    setTimeout(() => controller.abort(), 50);
    expect(await pending).toMatchObject({ ok: false, retryable: true });
    expect(stats.attempts).toBe(1);
  });

  it('times out a hung attempt and tries again', async () => {
    const stats = emptyExporterStats();
    let calls = 0;
    const hangOnce = (signal: AbortSignal) =>
      calls++ === 0
        ? new Promise<Response>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)))
        : Promise.resolve(new Response('{}'));
    const outcome = await sendWithRetry(hangOnce, policy({ attemptTimeoutMs: 100 }), stats);
    expect(outcome.ok).toBe(true);
    expect(stats).toMatchObject({ attempts: 2, retries: 1 });
  });
});
