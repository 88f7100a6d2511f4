// `edge-llmobs/cloudflare/named`: a Worker that names its providers records their calls exactly as
// the default `withLlmObs` does, and records nothing of the providers it did not name (their calls
// pass through untouched). Real HTTP stand-ins on 127.0.0.1, the official OpenAI and Anthropic SDKs.
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withLlmObs } from '../../src/adapters/cloudflare/index.js';
import {
  instrumentDurableObject,
  instrumentEntrypoint,
  withLlmObs as withNamedLlmObs,
} from '../../src/adapters/cloudflare/named.js';
import { instrumentFetch, type RequestScope, type SpanData } from '../../src/index.js';
import { anthropicApi, openAiApi, workersAiApi } from '../../src/providers/index.js';
import { startAnthropicStandIn } from '../fixtures/anthropic-stand-in.js';
import { collectingExporter } from '../fixtures/collecting-exporter.js';
import { type StandIn, startOpenAiStandIn } from '../fixtures/openai-stand-in.js';
import type { ProviderStandIn } from '../fixtures/provider-stand-in.js';
import { fakeExecutionContext } from './support/memory.js';

let openAiStandIn: StandIn;
let anthropicStandIn: ProviderStandIn;

beforeAll(async () => {
  openAiStandIn = await startOpenAiStandIn();
  anthropicStandIn = await startAnthropicStandIn();
});
afterAll(async () => {
  await openAiStandIn.close();
  await anthropicStandIn.close();
});

/** One chat turn: an OpenAI chat call, then an Anthropic message, both over `fetch`. */
async function turn(fetch: typeof globalThis.fetch) {
  const openai = new OpenAI({ apiKey: 'sk-test', baseURL: openAiStandIn.url, fetch, maxRetries: 0 });
  const chat = await openai.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'Hello' }],
    temperature: 0.2,
  });
  const anthropic = new Anthropic({ apiKey: 'sk-ant-test', baseURL: anthropicStandIn.url, fetch, maxRetries: 0 });
  const message = await anthropic.messages.create({
    model: 'claude-sonnet-4-5',
    max_tokens: 64,
    messages: [{ role: 'user', content: 'Hello' }],
  });
  return { chat: chat.choices[0]?.message.content, message: message.content };
}

type Wrap = typeof withLlmObs;

/** Runs one turn in a Worker made by `wrap`, through `fetchOf(llm)`; returns its spans and replies. */
async function runWorker(
  wrap: Wrap,
  providers: RegisterProviders,
  fetchOf: (llm: RequestScope) => typeof globalThis.fetch,
) {
  const exporter = collectingExporter();
  let replies: Awaited<ReturnType<typeof turn>> | undefined;
  const worker = wrap(
    {
      async fetch(_request: Request, _env: unknown, _ctx: unknown, llm: RequestScope) {
        replies = await turn(fetchOf(llm));
        return new Response('ok');
      },
    },
    { serviceName: 'named', exporter, registerGlobal: false, ...providers },
  );
  const { ctx, settle } = fakeExecutionContext();
  await worker.fetch(new Request('https://chat.example.com/chat', { method: 'POST' }), {}, ctx);
  await settle();
  return { llmSpans: exporter.ofKind('LLM'), replies };
}

type RegisterProviders = { providers?: readonly (typeof openAiApi)[] };

/** What a span records, without what differs between two runs (times, the stand-in's response id). */
function recorded(span: SpanData) {
  const { 'llm.latency.time_to_first_token_ms': _ttft, ...attributes } = span.attributes;
  const output = String(attributes['output.value']).replace(/chatcmpl-standin\d+/, 'chatcmpl-standin');
  return {
    name: span.name,
    kind: span.kind,
    status: span.status,
    attributes: { ...attributes, 'output.value': output },
  };
}

describe('edge-llmobs/cloudflare/named', () => {
  it('records an OpenAI call exactly as the default withLlmObs does, and no Anthropic call when only OpenAI is named', async () => {
    const all = await runWorker(withLlmObs, {}, (llm) => llm.fetch);
    const named = await runWorker(withNamedLlmObs as Wrap, { providers: [openAiApi] }, (llm) => llm.fetch);

    // The default records both calls.
    expect(all.llmSpans.map((span) => span.attributes['llm.system']).sort()).toEqual(['anthropic', 'openai']);
    // The named Worker records the OpenAI call, attribute for attribute, and nothing of Anthropic.
    expect(named.llmSpans).toHaveLength(1);
    const openAiSpan = all.llmSpans.find((span) => span.attributes['llm.system'] === 'openai');
    expect(openAiSpan).toBeDefined();
    expect(recorded(named.llmSpans[0]!)).toEqual(recorded(openAiSpan!));
    expect(named.llmSpans[0]!.attributes['llm.token_count.total']).toBeGreaterThan(0);
    // The call it did not record passed through: the same replies as the default Worker.
    expect(named.replies).toEqual(all.replies);
    expect(named.replies?.message).not.toHaveLength(0);
  });

  it('applies to instrumentFetch(), which records for the Worker’s providers', async () => {
    const tracedFetch = instrumentFetch();
    const named = await runWorker(withNamedLlmObs as Wrap, { providers: [anthropicApi] }, () => tracedFetch);
    expect(named.llmSpans.map((span) => span.attributes['llm.system'])).toEqual(['anthropic']);
  });

  it('traces env.AI only when Workers AI is named', async () => {
    const calls: string[] = [];
    const AI = {
      async run(model: string, _inputs: unknown) {
        calls.push(model);
        return { response: 'hi' };
      },
    };
    async function aiSpans(providers: readonly (typeof openAiApi)[]) {
      const exporter = collectingExporter();
      const worker = withNamedLlmObs(
        {
          async fetch(_request: Request, env: { AI: typeof AI }) {
            await env.AI.run('@cf/meta/llama-3.1-8b-instruct', { prompt: 'Hello' });
            return new Response('ok');
          },
        },
        { serviceName: 'named-ai', exporter, registerGlobal: false, providers },
      );
      const { ctx, settle } = fakeExecutionContext();
      await worker.fetch(new Request('https://chat.example.com/'), { AI }, ctx);
      await settle();
      return exporter.ofKind('LLM').map((span) => span.attributes['llm.model_name']);
    }
    expect(await aiSpans([openAiApi])).toEqual([]);
    expect(await aiSpans([openAiApi, workersAiApi])).toEqual(['@cf/meta/llama-3.1-8b-instruct']);
    expect(calls).toHaveLength(2);
  });
});

describe('the classes of edge-llmobs/cloudflare/named', () => {
  /** A Durable Object (or entrypoint) whose method makes one chat turn through `instrumentFetch()`. */
  class ChatRoom {
    readonly fetchLlm = instrumentFetch();
    constructor(
      readonly ctx: unknown,
      _env: unknown,
    ) {}
    turn() {
      return turn(this.fetchLlm);
    }
  }

  for (const [name, instrument] of [
    ['instrumentDurableObject', instrumentDurableObject],
    ['instrumentEntrypoint', instrumentEntrypoint],
  ] as const) {
    it(`${name} records the named provider's call under the method span and passes the other through`, async () => {
      const exporter = collectingExporter();
      const Traced = instrument(ChatRoom, {
        serviceName: 'named-class',
        exporter,
        registerGlobal: false,
        providers: [anthropicApi],
      });
      const { ctx, settle } = fakeExecutionContext();
      const replies = await new Traced(ctx, {}).turn();
      await settle();
      expect(replies.chat).toBeTruthy();
      expect(replies.message).not.toHaveLength(0);
      const method = exporter.spans.find((span) => span.name === 'ChatRoom.turn');
      expect(method).toBeDefined();
      const llm = exporter.ofKind('LLM');
      expect(llm.map((span) => span.attributes['llm.system'])).toEqual(['anthropic']);
      expect(llm[0]!.parentSpanId).toBe(method!.context.spanId);
      expect(llm[0]!.context.traceId).toBe(method!.context.traceId);
    });
  }
});

describe('what a Worker that names its providers bundles', () => {
  // Strings only one provider module holds: its span name, and a model of its price table.
  const NAMES = ['OpenAI Chat Completions', 'Anthropic Messages', 'Gemini Generate Content', 'Workers AI'];
  const PRICED = ['gpt-4o-mini', 'claude-haiku-4-5', 'gemini-2.5-flash'];
  const handler = '{ fetch: (request) => fetch(request) }';

  async function bundle(lines: string[], resolveDir = process.cwd()) {
    const { build } = await import('esbuild');
    const result = await build({
      stdin: { contents: lines.join('\n'), resolveDir, loader: 'js' },
      bundle: true,
      write: false,
      format: 'esm',
      minify: true,
      external: ['node:*'],
      logLevel: 'error',
    });
    const text = result.outputFiles[0]!.text;
    return [...NAMES, ...PRICED].filter((name) => text.includes(`"${name}"`));
  }

  it('has the OpenAI module and no other provider’s (the default Worker has all four)', async () => {
    const named = await bundle([
      "import { withLlmObs } from './src/adapters/cloudflare/named.ts';",
      "import { instrumentFetch } from './src/index.ts';",
      "import { openAiApi } from './src/providers/index.ts';",
      'export const traced = instrumentFetch();',
      `export default withLlmObs(${handler}, { providers: [openAiApi] });`,
    ]);
    const all = await bundle([
      "import { withLlmObs } from './src/adapters/cloudflare/index.ts';",
      "import { instrumentFetch } from './src/index.ts';",
      'export const traced = instrumentFetch();',
      `export default withLlmObs(${handler}, {});`,
    ]);
    expect(all).toEqual([...NAMES, ...PRICED]);
    expect(named).toEqual(['OpenAI Chat Completions', 'gpt-4o-mini']);
  });

  it('holds for the published build too, where modules share chunks and only statements can be dropped', async () => {
    // The package's entries built the way tsup.config.ts builds them (esbuild, ESM, shared chunks):
    // a provider module's top-level values must be side-effect free for a Worker to leave them out.
    const { build } = await import('esbuild');
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const outdir = mkdtempSync(join(tmpdir(), 'edge-llmobs-dist-'));
    try {
      await build({
        entryPoints: {
          index: 'src/index.ts',
          'adapters/cloudflare/named': 'src/adapters/cloudflare/named.ts',
          providers: 'src/providers/index.ts',
        },
        outdir,
        bundle: true,
        splitting: true,
        format: 'esm',
        platform: 'neutral',
        target: 'es2022',
        external: ['node:async_hooks', '@opentelemetry/api'],
        logLevel: 'error',
      });
      const named = await bundle(
        [
          "import { withLlmObs } from './adapters/cloudflare/named.js';",
          "import { instrumentFetch } from './index.js';",
          "import { openAiApi } from './providers.js';",
          'export const traced = instrumentFetch();',
          `export default withLlmObs(${handler}, { providers: [openAiApi] });`,
        ],
        outdir,
      );
      expect(named).toEqual(['OpenAI Chat Completions', 'gpt-4o-mini']);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
