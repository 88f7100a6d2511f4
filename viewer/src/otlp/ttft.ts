import { GenAiResponseTimeToFirstChunk, TimeToFirstTokenMs } from '../../../src/semconv.js';
import type { PlainValue } from './any-value.js';

function finite(value: PlainValue | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null;
}

/**
 * Time to first token of a streamed LLM span, in milliseconds. OpenInference has no key for it, so
 * this reads the tracer's own (`edge_llmobs.time_to_first_token_ms`), then the GenAI convention's
 * `gen_ai.response.time_to_first_chunk` (seconds), then any other `*time_to_first_token*` key another
 * tracer may use, taking the unit from its suffix (`_s`, `_us`, `_ns`; milliseconds otherwise).
 */
export function timeToFirstTokenMs(attributes: Record<string, PlainValue>): number | null {
  const own = finite(attributes[TimeToFirstTokenMs]);
  if (own !== null) return own;
  const genAi = finite(attributes[GenAiResponseTimeToFirstChunk]);
  if (genAi !== null) return genAi * 1000;
  for (const [key, raw] of Object.entries(attributes)) {
    const value = finite(raw);
    if (value === null || !key.includes('time_to_first_token')) continue;
    if (/[_.](s|seconds)$/.test(key)) return value * 1000;
    if (/[_.](us|micros)$/.test(key)) return value / 1000;
    if (/[_.](ns|nanos)$/.test(key)) return value / 1e6;
    return value;
  }
  return null;
}
