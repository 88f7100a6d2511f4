// The credential scrub for the new providers' keys: Anthropic's `x-api-key` (an `sk-ant-…` key),
// Gemini's `x-goog-api-key` and `?key=` (an `AIza…` key), wherever they could land in a span: an
// attribute named after the header, a URL attribute, JSON text holding request headers, or prose.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type LlmObs, register, type SpanData } from '../../src/index.js';
import { collectingExporter } from '../fixtures/collecting-exporter.js';

const GOOGLE_KEY = 'AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW';
const ANTHROPIC_KEY = 'sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789ABCD';
const exporter = collectingExporter();
let obs: LlmObs;

beforeAll(() => {
  obs = register({ serviceName: 'provider-credentials', exporter });
});
afterAll(() => obs.shutdown());

async function exported(attributes: Record<string, string>): Promise<SpanData> {
  const span = obs.tracer.startSpan('chain');
  span.setAttributes(attributes);
  span.end();
  await obs.forceFlush();
  const last = exporter.spans.at(-1)!;
  exporter.spans.length = 0;
  return last;
}

it('scrubs x-api-key, x-goog-api-key and ?key= wherever they land, and leaves look-alikes alone', async () => {
  const span = await exported({
    'http.request.header.x-api-key': ANTHROPIC_KEY,
    'http.request.header.x-goog-api-key': GOOGLE_KEY,
    'url.full': `https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent?key=${GOOGLE_KEY}&alt=sse`,
    'input.value': JSON.stringify({ headers: { 'x-goog-api-key': 'plain-value', 'x-api-key': 'other-value' } }),
    'output.value': `The key ${GOOGLE_KEY} and ${ANTHROPIC_KEY} leaked into text.`,
    'llm.model_name': 'AIza is not a key on its own',
  });
  const text = JSON.stringify(span.attributes);
  expect(text).not.toContain(GOOGLE_KEY);
  expect(text).not.toContain(ANTHROPIC_KEY);
  expect(text).not.toContain('plain-value');
  expect(text).not.toContain('other-value');
  expect(span.attributes['url.full']).toBe(
    'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent?key=__REDACTED__&alt=sse',
  );
  expect(span.attributes['output.value']).toBe('The key __REDACTED__ and __REDACTED__ leaked into text.');
  expect(span.attributes['llm.model_name']).toBe('AIza is not a key on its own');
});
