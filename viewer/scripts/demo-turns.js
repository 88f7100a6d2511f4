// The demo's conversations, and the OTLP/HTTP JSON a traced example Worker would send for them:
// per turn a `POST /chat` server span, the seed's `chat` CHAIN span under it, and a streamed
// `OpenAI Chat Completions` LLM span under that, each carrying the session, user and metadata.
import { createHash } from 'node:crypto';

/** @typedef {import('./demo-turns.d.ts').DemoTurn} DemoTurn */

/** The seed's two turns first, then a few other users and sessions. */
/** @type {DemoTurn[]} */
export const DEMO_TURNS = [
  {
    sessionId: 'sess-def',
    userId: 'user-456',
    metadata: { channel: 'mobile' },
    tags: ['beta'],
    message: 'Recommend a beginner trail near Denver.',
    reply: 'Try Red Rocks Trail: 6 miles, gentle climbs, great views, and parking at the Matthews/Winters trailhead.',
  },
  {
    sessionId: 'sess-ghi',
    userId: 'user-456',
    metadata: { channel: 'mobile' },
    tags: ['beta', 'gear'],
    stream: true,
    message: 'Are trail runners OK for a muddy hike?',
    reply: 'Yes, if they have lugged soles; pair them with gaiters and wool socks that stay warm when wet.',
  },
  {
    sessionId: 'sess-ghi',
    userId: 'user-456',
    metadata: { channel: 'mobile' },
    tags: ['beta', 'gear'],
    stream: true,
    message: 'What about waterproof ones?',
    reply: 'Waterproof shoes keep puddles out but dry slowly once soaked; for deep mud, breathable ones drain better.',
  },
  {
    sessionId: 'sess-jkl',
    userId: 'user-789',
    metadata: { channel: 'web' },
    tags: ['support'],
    message: 'How do I delete my saved routes?',
    reply: 'Open Routes, swipe left on a route and tap Delete, or select several and use the trash icon.',
  },
  {
    sessionId: 'sess-abc',
    userId: 'user-123',
    metadata: { channel: 'web' },
    tags: [],
    message: "What's the weather like for hiking?",
    reply:
      'Mostly sunny, 18°C with a light breeze in the afternoon: good hiking weather. Start early to avoid the heat.',
  },
  {
    sessionId: 'sess-abc',
    userId: 'user-123',
    metadata: { channel: 'web' },
    tags: [],
    stream: true,
    message: 'And what should I pack?',
    reply:
      'Water (2 L), sunscreen, a hat, a light wind jacket, snacks, a map or offline app, and a small first-aid kit.',
  },
];

const MODEL = 'gpt-4o-mini-2024-07-18';
// gpt-4o-mini's list price, USD per token, so the demo's cost matches what the tracer would compute.
const PRICE = { input: 0.15 / 1e6, output: 0.6 / 1e6 };

/** Hex digits derived from `seed`: the same demo turn always gets the same ids, so re-sending it is a no-op. */
function hexId(seed, length) {
  return createHash('sha256').update(`edge-llmobs-demo/${seed}`).digest('hex').slice(0, length);
}

const tokens = (text) => Math.max(1, Math.ceil(text.length / 4));
const nanos = (ms) => `${BigInt(Math.round(ms * 1000)) * 1000n}`;

function anyValue(value) {
  if (Array.isArray(value)) return { arrayValue: { values: value.map(anyValue) } };
  if (typeof value === 'boolean') return { boolValue: value };
  if (typeof value === 'number') return Number.isInteger(value) ? { intValue: value } : { doubleValue: value };
  return { stringValue: String(value) };
}

const keyValues = (attributes) =>
  Object.entries(attributes)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => ({ key, value: anyValue(value) }));

function span(traceId, spanId, parentSpanId, name, kind, startMs, endMs, attributes) {
  return {
    traceId,
    spanId,
    ...(parentSpanId ? { parentSpanId } : {}),
    name,
    kind,
    startTimeUnixNano: nanos(startMs),
    endTimeUnixNano: nanos(endMs),
    attributes: keyValues(attributes),
    status: { code: 1 },
  };
}

/**
 * The spans of one turn, starting at `startMs`.
 * @param {DemoTurn} turn
 * @param {number} index the turn's position in DEMO_TURNS (part of its ids)
 * @param {number} startMs
 */
export function turnSpans(turn, index, startMs) {
  const seed = `${turn.sessionId}/${index}`;
  const route = turn.stream ? '/chat/stream' : '/chat';
  const traceId = hexId(seed, 32);
  const [rootId, chainId, llmId] = ['root', 'chain', 'llm'].map((name) => hexId(`${seed}/${name}`, 16));
  const promptTokens = tokens(turn.message) + 8;
  const completionTokens = tokens(turn.reply);
  // A streamed turn reports its time to first token; a plain one only its total time.
  const ttftMs = turn.stream ? 180 + (index % 3) * 45 : undefined;
  const llmMs = (ttftMs ?? 240) + completionTokens * 9;
  const context = {
    'session.id': turn.sessionId,
    'user.id': turn.userId,
    metadata: JSON.stringify(turn.metadata),
    'tag.tags': turn.tags.length > 0 ? turn.tags : undefined,
  };
  const llmStart = startMs + 6;
  const llmEnd = llmStart + llmMs;
  const endMs = llmEnd + 4;
  return [
    // The Cloudflare adapter's request span: a CHAIN too, named after the route the demo posts to.
    span(traceId, rootId, undefined, `POST ${route}`, 2, startMs, endMs, {
      'openinference.span.kind': 'CHAIN',
      'http.request.method': 'POST',
      'url.path': route,
      'http.response.status_code': 200,
      ...context,
    }),
    span(traceId, chainId, rootId, 'chat', 1, startMs + 2, llmEnd + 2, {
      'openinference.span.kind': 'CHAIN',
      'input.value': turn.message,
      'output.value': turn.reply,
      ...context,
    }),
    span(traceId, llmId, chainId, 'OpenAI Chat Completions', 3, llmStart, llmEnd, {
      'openinference.span.kind': 'LLM',
      'llm.system': 'openai',
      'llm.provider': 'openai',
      'llm.model_name': MODEL,
      'llm.invocation_parameters': JSON.stringify({ model: 'gpt-4o-mini', stream: Boolean(turn.stream) }),
      'llm.input_messages.0.message.role': 'user',
      'llm.input_messages.0.message.content': turn.message,
      'llm.output_messages.0.message.role': 'assistant',
      'llm.output_messages.0.message.content': turn.reply,
      'llm.finish_reason': 'stop',
      'llm.token_count.prompt': promptTokens,
      'llm.token_count.completion': completionTokens,
      'llm.token_count.total': promptTokens + completionTokens,
      'llm.cost.prompt': promptTokens * PRICE.input,
      'llm.cost.completion': completionTokens * PRICE.output,
      'llm.cost.total': promptTokens * PRICE.input + completionTokens * PRICE.output,
      'edge_llmobs.time_to_first_token_ms': ttftMs,
      'gen_ai.response.time_to_first_chunk': ttftMs === undefined ? undefined : ttftMs / 1000,
      'output.value': turn.reply,
      ...context,
    }),
  ];
}

/**
 * An ExportTraceServiceRequest with every demo turn, the last one ending about `endMs`, turns a few
 * seconds apart in DEMO_TURNS order.
 * @param {{ endMs?: number, turns?: DemoTurn[] }} [options]
 */
export function demoTraceRequest(options = {}) {
  const turns = options.turns ?? DEMO_TURNS;
  const endMs = options.endMs ?? Date.now();
  const spans = turns.flatMap((turn, index) => turnSpans(turn, index, endMs - (turns.length - index) * 7000));
  return {
    resourceSpans: [
      {
        resource: { attributes: keyValues({ 'service.name': 'chat-app', 'telemetry.sdk.name': 'edge-llmobs' }) },
        scopeSpans: [{ scope: { name: 'edge-llmobs-demo' }, spans }],
      },
    ],
  };
}
