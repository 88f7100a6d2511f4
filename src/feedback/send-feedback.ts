/** Feedback on one turn (trace) or one span of it, as the viewer's `POST /api/feedback` takes it. */
export interface Feedback {
  /** The turn's trace id (32 hex digits), e.g. `span.spanContext().traceId`. */
  traceId?: string;
  /** One span of it (16 hex digits); the viewer finds its trace. */
  spanId?: string;
  /** What is rated, e.g. "helpful". */
  name: string;
  /** A score (above 0 counts as thumbs up, 0 or below as down) or a label ("up", "down", "👍", ...). */
  value: number | string;
  /** Free text from the user. */
  comment?: string;
}

/** Where and how to send feedback. */
export interface SendFeedbackOptions {
  /** The viewer's base URL; else `OTEL_EXPORTER_OTLP_ENDPOINT` from `env` or `process.env`. */
  endpoint?: string;
  /** Headers for the viewer, e.g. `{ authorization: 'Bearer <VIEWER_TOKEN>' }`. */
  headers?: Record<string, string>;
  /** Where settings are read before `process.env`: a Worker's `env` bindings. */
  env?: Record<string, unknown>;
  /** The fetch to use (default the global one). */
  fetch?: typeof fetch;
  /** Give up after this many milliseconds (default 5000). */
  timeoutMs?: number;
}

/** What happened: `ok` with the viewer's HTTP status, or why not. Never thrown. */
export type SendFeedbackResult = { ok: true; status: number } | { ok: false; status?: number; error: string };

function endpointFrom(options: SendFeedbackOptions): string | undefined {
  const fromEnv = options.env?.OTEL_EXPORTER_OTLP_ENDPOINT;
  const processEnv = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const endpoint =
    options.endpoint ?? (typeof fromEnv === 'string' ? fromEnv : processEnv?.OTEL_EXPORTER_OTLP_ENDPOINT);
  return endpoint?.replace(/\/+$/, '');
}

/**
 * Sends a user's feedback on a turn to the edge-llmobs viewer, where it shows on the turn and is
 * counted per session and per user. Resolves with the outcome and never rejects, so a thumbs-up
 * button cannot break the app. In a Worker, pass the promise to `ctx.waitUntil`.
 *
 * @example
 * import { sendFeedback } from 'edge-llmobs';
 * const result = await sendFeedback(
 *   { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', name: 'helpful', value: 'up', comment: 'spot on' },
 *   { endpoint: 'http://127.0.0.1:4318' },
 * );
 * if (!result.ok) console.warn('feedback not stored:', result.error);
 */
export async function sendFeedback(feedback: Feedback, options: SendFeedbackOptions = {}): Promise<SendFeedbackResult> {
  const endpoint = endpointFrom(options);
  if (!endpoint) return { ok: false, error: 'no endpoint: pass endpoint or set OTEL_EXPORTER_OTLP_ENDPOINT' };
  const send = options.fetch ?? globalThis.fetch;
  try {
    const response = await send(`${endpoint}/api/feedback`, {
      method: 'POST',
      headers: { ...options.headers, 'content-type': 'application/json' },
      body: JSON.stringify(feedback),
      signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
    });
    const text = await response.text();
    if (response.ok) return { ok: true, status: response.status };
    let error = text.slice(0, 300);
    try {
      error = String(JSON.parse(text).error ?? error);
    } catch {
      // not JSON: keep the text
    }
    return { ok: false, status: response.status, error };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
