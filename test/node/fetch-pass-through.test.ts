// "The response reaches your code untouched: the same status, headers and bytes, chunk by chunk",
// proven against a baseline: the same call made without tracing. Two baselines, because chunk
// boundaries over a real socket differ from one call to the next:
// - the same request through plain `fetch`: status, status text, headers and bytes must match;
// - for the traced call itself, the chunks the network produced underneath the tracer (recorded as
//   they come out of the real `fetch`): the consumer must get exactly those chunks, one for one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instrumentFetch, type LlmObs, register } from '../../src/index.js';
import { concat } from '../fixtures/bytes.js';
import { collectingExporter } from '../fixtures/collecting-exporter.js';
import { type StandIn, startOpenAiStandIn } from '../fixtures/openai-stand-in.js';

const exporter = collectingExporter();
let obs: LlmObs;
let standIn: StandIn;

beforeAll(async () => {
  obs = register({ serviceName: 'pass-through', exporter });
  standIn = await startOpenAiStandIn({ lineEnding: '\r\n', keepAliveComments: true });
});
afterAll(async () => {
  await obs.shutdown();
  await standIn.close();
});

/** Real `fetch`, recording the chunks each response body yields as the network produced them. */
function recordingFetch() {
  const produced: Uint8Array[][] = [];
  const underlying: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    const chunks: Uint8Array[] = [];
    produced.push(chunks);
    const reader = response.body!.getReader();
    const body = new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          const next = await reader.read();
          if (next.done) return controller.close();
          chunks.push(next.value.slice());
          controller.enqueue(next.value);
        },
        cancel: (reason) => reader.cancel(reason),
      },
      { highWaterMark: 0 },
    );
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
  return { underlying, produced };
}

/** What a caller can see of a response: everything but the date, and the body chunk by chunk. */
async function snapshot(response: Response) {
  const chunks: Uint8Array[] = [];
  const reader = response.body!.getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) chunks.push(next.value);
  return {
    status: response.status,
    statusText: response.statusText,
    headers: [...response.headers].filter(([name]) => name !== 'date'),
    chunks,
  };
}

// The stand-in numbers its answers (req_standin3, chatcmpl-standin3); apart from that, calls match.
const unnumbered = (value: unknown) =>
  JSON.stringify(value, (_, v) => (v instanceof Uint8Array ? new TextDecoder().decode(v) : v)).replace(
    /([a-z]+[-_])standin\d+/g,
    '$1standin',
  );

const CALLS = [
  { name: 'a streamed chat completion', path: '/chat/completions', stream: true },
  { name: 'a plain JSON chat completion', path: '/chat/completions', stream: false },
  { name: 'a JSON error (status 400)', path: '/chat/completions', stream: false, content: 'status:400 no' },
  { name: 'a streamed Responses call', path: '/responses', stream: true },
  { name: 'a plain JSON Responses call', path: '/responses', stream: false },
];

describe.each(CALLS)('$name, traced and not', ({ path, stream, content = 'Bytes 世界 🎉 intact' }) => {
  const init = () => ({
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-test' },
    body: JSON.stringify(
      path === '/responses'
        ? { model: 'gpt-4.1-mini', input: content, stream }
        : { model: 'gpt-4o-mini', stream, messages: [{ role: 'user', content }] },
    ),
  });

  it('gives the same status, headers and bytes as the call without tracing, and the same chunks as the network', async () => {
    const { underlying, produced } = recordingFetch();
    const traced = instrumentFetch(underlying);
    const spansBefore = exporter.spans.length;
    const baseline = await snapshot(await fetch(`${standIn.url}${path}`, init()));
    const observed = await snapshot(await traced(`${standIn.url}${path}`, init()));

    expect(observed.status).toBe(baseline.status);
    expect(observed.statusText).toBe(baseline.statusText);
    expect(unnumbered(observed.headers)).toBe(unnumbered(baseline.headers));
    expect(unnumbered(concat(observed.chunks))).toBe(unnumbered(concat(baseline.chunks)));
    // Chunk by chunk: one consumer chunk for each network chunk, the same bytes, in order.
    expect(produced).toHaveLength(1);
    expect(observed.chunks.map((chunk) => [...chunk])).toEqual(produced[0].map((chunk) => [...chunk]));
    // The tracer really read this body on its way: the span holds the reply.
    await obs.forceFlush();
    const span = exporter.spans.at(-1)!;
    expect(exporter.spans).toHaveLength(spansBefore + 1);
    expect(span.attributes['openinference.span.kind']).toBe('LLM');
    if (baseline.status === 200) expect(JSON.stringify(span.attributes)).toContain(`Echo: ${content}`);
    else expect(span.status.code).toBe(2);
  });
});
