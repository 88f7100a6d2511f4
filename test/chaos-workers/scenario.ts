// The chaos scenario both runtimes run: the same user request, the same export settings, the same
// expectations. Imported by the Node suite (test/node/chaos-collector.test.ts) and bundled into the
// Worker (test/chaos-workers/chaos-worker.ts), so it imports nothing from Node.
import type { LlmObs, RegisterOptions } from '../../src/index.js';
import type { ChaosMode } from '../fixtures/chaos-collector.js';

/** Export settings small enough for tests to see every deadline pass. */
export const CHAOS_EXPORT: RegisterOptions = {
  exportTimeoutMs: 1500,
  attemptTimeoutMs: 400,
  maxExportAttempts: 4,
  scheduledDelayMs: 0,
};

/** How long a flush may take in these tests: the deadline plus room for the event loop. */
export const FLUSH_BOUND_MS = 1500 + 700;

/** Spans one request records: the request span and the LLM span of its OpenAI call. */
export const SPANS_PER_REQUEST = 2;

/** An API key that must never be exported. */
export const OPENAI_KEY = 'sk-chaos-SECRET-0123456789abcdef';

/** Each misbehaviour, with what the test sets on the collector and on `register()` for it. */
export interface ChaosCase {
  readonly mode: ChaosMode;
  /** Whether the exporter should retry (false for a plain 500 and for success). */
  readonly retries: boolean;
  /** What becomes of the spans: all dropped, all delivered, or some of each. */
  readonly outcome: 'dropped' | 'delivered' | 'partial';
  readonly options?: RegisterOptions;
  readonly collector?: { retryAfterSeconds?: number; slowMs?: number; acceptBeforeFailing?: number };
}

export const CHAOS_CASES: readonly ChaosCase[] = [
  { mode: 'hang', retries: true, outcome: 'dropped' },
  { mode: 'reset', retries: true, outcome: 'dropped' },
  { mode: 'error500', retries: false, outcome: 'dropped' },
  { mode: 'unavailable503', retries: true, outcome: 'dropped' },
  { mode: 'retryAfter429', retries: true, outcome: 'dropped', collector: { retryAfterSeconds: 1 } },
  // Slower than an attempt may take: every attempt times out.
  { mode: 'slow', retries: true, outcome: 'dropped', collector: { slowMs: 3000 } },
  // Slow but within the attempt timeout: delivered, late.
  { mode: 'slow', retries: false, outcome: 'delivered', collector: { slowMs: 150 } },
  // Several small batches per flush (one per request's spans) so the collector can fail mid-flush.
  {
    mode: 'failMidBatch',
    retries: true,
    outcome: 'partial',
    options: { maxExportBatchSize: 1 },
    collector: { acceptBeforeFailing: 1 },
  },
];

/** What one user request returned, and the trace it recorded. */
export interface Turn {
  readonly status: number;
  readonly text: string;
  readonly traceId: string;
}

/**
 * The user's request: a request span around an OpenAI chat call made with the traced fetch.
 *
 * @example
 * const turn = await chatTurn(obs, standIn.url, 'hello');
 * void obs.forceFlush({ traceId: turn.traceId }); // after the response, as waitUntil would
 */
export function chatTurn(obs: LlmObs, standInUrl: string, message: string): Promise<Turn> {
  return obs.tracer.startActiveSpan('handle-request', async (span) => {
    try {
      const response = await obs.fetch(`${standInUrl}/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${OPENAI_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: message }] }),
      });
      const json = (await response.json()) as { choices: { message: { content: string } }[] };
      return { status: response.status, text: json.choices[0].message.content, traceId: span.spanContext().traceId };
    } finally {
      span.end();
    }
  });
}
