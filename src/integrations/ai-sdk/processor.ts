import type { Attributes } from '@opentelemetry/api';
import { costAttributesFor } from '../../providers/default-prices.js';
import type { PriceTable } from '../../providers/recorder/price-table.js';
import { SpanKindKey, SpanKinds, TimeToFirstTokenMs } from '../../semconv.js';
import { markProviderCall } from '../../trace/provider-call.js';
import type { RecordingSpan } from '../../trace/span.js';
import type { SpanProcessor } from '../../trace/span-processor.js';
import { callIoAttributes, embeddingAttributes, toolCallAttributes } from './io-attributes.js';
import { modelCallAttributes, tokenCounts } from './model-call-attributes.js';
import { type AiSdkRole, aiSdkRole, ROLE_KINDS } from './span-roles.js';
import { telemetryMetadataAttributes } from './telemetry-metadata.js';

/**
 * Options of {@link aiSdkProcessor}.
 *
 * @example
 * aiSdkProcessor({ priceTable: { ...DEFAULT_PRICE_TABLE, 'claude-sonnet-4-5': { input: 3, cachedInput: 0.3, output: 15 } } });
 */
export interface AiSdkProcessorOptions {
  /** Prices for `llm.cost.*` on provider calls. Default: the built-in table (OpenAI models). */
  priceTable?: PriceTable;
}

// Content the mapping moves into OpenInference keys: removed from the span so that masking
// (`hideInputs`, `hideOutputMessages`, ...) cannot miss a copy of it.
const MOVED_KEYS = [
  'ai.prompt',
  'ai.prompt.messages',
  'ai.prompt.tools',
  'ai.response.text',
  'ai.response.object',
  'ai.response.toolCalls',
  'ai.toolCall.args',
  'ai.toolCall.result',
  'ai.value',
  'ai.values',
  'ai.embedding',
  'ai.embeddings',
];

// The call (`ai.generateText`, ...) of each open call and provider call, by span id, so a tool call
// can mark its call as an agent: streamText runs tools under its doStream span, generateText under
// itself. Bounded: spans that never end must not grow it without limit.
const MAX_OPEN_CALLS = 1024;

/**
 * A span processor that turns the Vercel AI SDK's spans (`experimental_telemetry`) into
 * OpenInference spans: `ai.generateText`, `ai.streamText`, `ai.generateObject`, `ai.streamObject`
 * become CHAIN, or AGENT once they ran a tool; `*.doGenerate` and `*.doStream` become the LLM span
 * of each provider call (the fetch instrumentation then records no second span for that call);
 * `ai.toolCall` becomes TOOL; `ai.embed`, `ai.embedMany` and `*.doEmbed` become EMBEDDING.
 * `experimental_telemetry.metadata` `sessionId`, `userId` and `tags` fill `session.id`, `user.id`
 * and `tag.tags` where no `using*` block set them. Values it cannot read are left out; it never throws.
 *
 * Import it only where the AI SDK is used: a Worker that does not import `edge-llmobs/ai-sdk`
 * does not carry it.
 *
 * @example
 * import { generateText } from 'ai';
 * import { createOpenAI } from '@ai-sdk/openai';
 * import { register, usingSession } from 'edge-llmobs';
 * import { aiSdkProcessor } from 'edge-llmobs/ai-sdk';
 *
 * const obs = register({ serviceName: 'chat-app', spanProcessors: [aiSdkProcessor()] });
 * const openai = createOpenAI({ apiKey: process.env.OPENAI_API_KEY });
 * const { text } = await usingSession('sess-abc', () =>
 *   generateText({ model: openai('gpt-4o-mini'), prompt: 'Hello', experimental_telemetry: { isEnabled: true, tracer: obs.tracer } }),
 * );
 * await obs.forceFlush();
 */
export function aiSdkProcessor(options: AiSdkProcessorOptions = {}): SpanProcessor {
  const callOf = new Map<string, RecordingSpan>();
  const agents = new WeakSet<RecordingSpan>();
  return {
    onStart(span) {
      const role = aiSdkRole(span.name);
      if (role === undefined) return;
      span.setAttribute(SpanKindKey, ROLE_KINDS[role]);
      if (role === 'model-call' || role === 'model-embed') markProviderCall(span);
      const call = role === 'call' ? span : span.parentSpanId && callOf.get(span.parentSpanId);
      if (!call) return;
      if (role === 'tool') agents.add(call);
      else {
        if (callOf.size >= MAX_OPEN_CALLS) callOf.clear();
        callOf.set(span.context.spanId, call);
      }
    },
    onEnding(span) {
      const role = aiSdkRole(span.name);
      if (role === undefined) return;
      const mapped = mapSpan(span, role, options.priceTable);
      callOf.delete(span.context.spanId);
      if (agents.has(span)) mapped[SpanKindKey] = SpanKinds.agent;
      for (const key of MOVED_KEYS) delete span.attributes[key];
      span.setAttributes(mapped);
    },
  };
}

/**
 * Time to first chunk from the `ai.stream.firstChunk` event, for an AI SDK version that records the
 * event but not the `ai.response.msToFirstChunk` attribute: the event's own value, else its time.
 */
function firstChunkFromEvent(span: RecordingSpan, attributes: RecordingSpan['attributes']): Attributes {
  if (attributes['ai.response.msToFirstChunk'] !== undefined) return {};
  const event = span.events.find((candidate) => candidate.name === 'ai.stream.firstChunk');
  if (event === undefined) return {};
  const recorded = event.attributes['ai.response.msToFirstChunk'];
  const ms = typeof recorded === 'number' ? recorded : event.time.epochMs - span.startTime.epochMs;
  return ms >= 0 ? { [TimeToFirstTokenMs]: ms } : {};
}

function mapSpan(span: RecordingSpan, role: AiSdkRole, priceTable: PriceTable | undefined): Attributes {
  const { attributes } = span;
  const mapped: Attributes = telemetryMetadataAttributes(attributes);
  switch (role) {
    case 'call':
      return Object.assign(mapped, callIoAttributes(attributes));
    case 'model-call':
      return Object.assign(
        mapped,
        callIoAttributes(attributes),
        modelCallAttributes(attributes, priceTable),
        firstChunkFromEvent(span, attributes),
      );
    case 'tool':
      return Object.assign(mapped, toolCallAttributes(attributes));
    case 'embed':
      return Object.assign(mapped, embeddingAttributes(attributes));
    case 'model-embed': {
      const embedding = Object.assign(embeddingAttributes(attributes), tokenCounts(attributes));
      return Object.assign(mapped, embedding, costAttributesFor(embedding, priceTable));
    }
  }
}
