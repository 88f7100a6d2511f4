// exportEvery's decision, request by request (the timers are vitest's fake ones: no test waits on
// the clock). test/miniflare/export-schedule.test.ts runs the same schedule in workerd end to end.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { exportEvery } from '../../src/index.js';

const SMALL = { size: 2, queuedBytes: 5_000 };

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('exportEvery', () => {
  it('sends on the Nth request; only the request that opened the batch waits for the window', async () => {
    const schedule = exportEvery({ requests: 3, ms: 5000 });
    const opener = schedule.afterRequest(SMALL);
    expect(opener).toBeInstanceOf(Promise);
    expect(schedule.afterRequest(SMALL)).toBe(false);
    expect(schedule.afterRequest(SMALL)).toBe(true);
    // The batch went with the third request: the opener's window finds nothing of its own to send.
    await vi.advanceTimersByTimeAsync(5000);
    await expect(opener).resolves.toBe(false);
  });

  it('sends a partial batch when its window closes, and opens a new batch after it', async () => {
    const schedule = exportEvery({ requests: 10, ms: 2000 });
    const opener = schedule.afterRequest(SMALL);
    expect(schedule.afterRequest(SMALL)).toBe(false);
    await vi.advanceTimersByTimeAsync(1999);
    let settled = false;
    void (opener as Promise<boolean>).then(() => {
      settled = true;
    });
    await Promise.resolve();
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await expect(opener).resolves.toBe(true);
    expect(schedule.afterRequest(SMALL)).toBeInstanceOf(Promise);
  });

  it('sends at once when the window has already passed, as a request arrives after it', async () => {
    const schedule = exportEvery({ requests: 10, ms: 1000 });
    void schedule.afterRequest(SMALL);
    vi.setSystemTime(Date.now() + 1000);
    expect(schedule.afterRequest(SMALL)).toBe(true);
  });

  it('sends at once when 512 spans or 1 MiB are queued, whatever the count', () => {
    const schedule = exportEvery({ requests: 100, ms: 20_000 });
    void schedule.afterRequest(SMALL);
    expect(schedule.afterRequest({ size: 512, queuedBytes: 10 })).toBe(true);
    void schedule.afterRequest(SMALL);
    expect(schedule.afterRequest({ size: 1, queuedBytes: 1024 * 1024 })).toBe(true);
  });

  it('sends after every request with requests: 1 or ms: 0 (the default behaviour)', () => {
    for (const options of [{ requests: 1 }, { ms: 0 }, { requests: 0 }]) {
      const schedule = exportEvery(options);
      expect([schedule.afterRequest(SMALL), schedule.afterRequest(SMALL)]).toEqual([true, true]);
    }
  });

  it('keeps the window within 20 s, so the window and the export fit in waitUntil', async () => {
    const schedule = exportEvery({ requests: 10, ms: 60_000 });
    const opener = schedule.afterRequest(SMALL);
    await vi.advanceTimersByTimeAsync(20_000);
    await expect(opener).resolves.toBe(true);
  });
});
