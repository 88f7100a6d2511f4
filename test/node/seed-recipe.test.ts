// The README's recipe ("The recipe, in TypeScript"), read from README.md at test time and run as
// written (`autoInstrument: true`, `new OpenAI()`) in a child Node process. Only where it connects
// changes, through the variables a user would set: OPENAI_BASE_URL and OPENAI_API_KEY point the SDK
// at the local stand-in, OTEL_EXPORTER_OTLP_ENDPOINT the exporter at the local sink. The package
// name `edge-llmobs` resolves to this repository's source.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeChildScript } from '../fixtures/child-script.js';
import { type StandIn as OpenAiStandIn, startOpenAiStandIn } from '../fixtures/openai-stand-in.js';
import { type OtlpSink, occurrences, startOtlpSink } from '../fixtures/otlp-sink.js';
import { readmeCodeBlock } from '../fixtures/readme-code.js';

const SECRET = 'sk-seed-secret';

describe("the README's recipe, as written, in Node", () => {
  let standIn: OpenAiStandIn;
  let sink: OtlpSink;
  let dir: string;
  let code: string;

  beforeAll(async () => {
    [standIn, sink, dir, code] = await Promise.all([
      startOpenAiStandIn(),
      startOtlpSink(),
      mkdtemp(join(tmpdir(), 'edge-llmobs-readme-')),
      readmeCodeBlock('The recipe, in TypeScript'),
    ]);
  });
  afterAll(async () => {
    await Promise.all([standIn.close(), sink.close(), rm(dir, { recursive: true, force: true })]);
  });

  it('is the recipe: autoInstrument with a plain new OpenAI(), two turns of sess-abc, forceFlush', () => {
    expect(code).toContain("register({ serviceName: 'chat-app', autoInstrument: true })");
    expect(code).toContain('new OpenAI()');
    expect(code).toContain('await obs.forceFlush()');
  });

  it('tags both turns of the session with the session, user and metadata, and exports no key', async () => {
    const script = join(dir, 'recipe.mjs');
    await writeChildScript(script, code, dir);
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      OPENAI_BASE_URL: standIn.url,
      OPENAI_API_KEY: SECRET,
      OTEL_EXPORTER_OTLP_ENDPOINT: sink.url,
    };
    await promisify(execFile)(process.execPath, [script], { env, timeout: 30_000 });

    // The recipe really went through the SDK, with the key, to the stand-in.
    expect(standIn.requests.map((request) => request.headers.authorization)).toEqual([
      `Bearer ${SECRET}`,
      `Bearer ${SECRET}`,
    ]);
    const spans = sink.spans();
    const chains = spans.filter((span) => span.attributes['openinference.span.kind'] === 'CHAIN');
    const llms = spans.filter((span) => span.attributes['openinference.span.kind'] === 'LLM');
    expect(chains.map((span) => span.name)).toEqual(['chat', 'chat']);
    expect(llms).toHaveLength(2);
    for (const chain of chains) {
      const children = llms.filter((llm) => llm.parentSpanId === chain.spanId);
      expect(children).toHaveLength(1);
      expect(children[0].traceId).toBe(chain.traceId);
    }
    expect(chains[0].traceId).not.toBe(chains[1].traceId);
    for (const span of spans) {
      expect(span.attributes['session.id']).toBe('sess-abc');
      expect(span.attributes['user.id']).toBe('user-123');
      expect(span.attributes.metadata).toBe('{"channel":"web"}');
      expect(span.resource['service.name']).toBe('chat-app');
    }
    expect(chains[0].attributes['input.value']).toBe("What's the weather like for hiking?");
    expect(chains[0].attributes['output.value']).toBe("Echo: What's the weather like for hiking?");
    expect(chains[1].attributes['output.value']).toBe('Echo: And what should I pack?');
    expect(llms[0].attributes['llm.model_name']).toMatch(/^gpt-4o-mini/);
    expect(llms[0].attributes['llm.token_count.total']).toBeGreaterThan(0);
    expect(llms[0].attributes['llm.cost.total']).toBeGreaterThan(0);
    // Searched in the decoded bodies: the exporter gzips them, and a key would not show in gzip.
    const bodies = sink.bodies();
    expect(bodies.join('\n')).toContain('sess-abc');
    expect(occurrences(bodies, SECRET)).toEqual([]);
  });
});
