// The Anthropic Messages API stand-in, written from Anthropic's documented shapes
// (https://docs.anthropic.com/en/api/messages, /en/api/messages-streaming, /en/api/errors).
// The requested model picks the behaviour: `error-400|401|429|529` answer with that error,
// `stream-error` streams a little then an in-stream `error` event; any other model answers a
// message: thinking (when `thinking` is set), the text `Echo: <last user text>`, and a tool_use
// block for the first tool (when `tools` is set; alone, without the text, with the `toolUseAlone`
// option, as the AI SDK tests want it). Once the last message holds a tool_result, it ends
// the tool loop instead: only the text `Echo: <tool result>`. The tool's input is `{ query: <last
// user text> }` when its input_schema has a `query` property (the AI SDK tests' tool), else
// `{ city: 'Paris', days: 2 }`. Usage always carries cache counts.
// Run it alone with `node scripts/anthropic-stand-in.js` (PORT, default 4011); `npm start` runs it
// for the example Worker's Anthropic turn. Tests import it through test/fixtures/anthropic-stand-in.ts.
import { pathToFileURL } from 'node:url';
import { startProviderStandIn } from './provider-stand-in.js';

/** @typedef {import('./provider-stand-in.d.ts').RecordedCall} RecordedCall */
/** @typedef {import('./provider-stand-in.d.ts').StandInReply} StandInReply */

/** @type {Record<string, [number, string, string]>} */
const ERRORS = {
  'error-400': [400, 'invalid_request_error', 'max_tokens: Field required'],
  'error-401': [401, 'authentication_error', 'invalid x-api-key'],
  'error-429': [429, 'rate_limit_error', 'Number of request tokens has exceeded your per-minute rate limit'],
  'error-529': [529, 'overloaded_error', 'Overloaded'],
};

/** Usage the stand-in reports: 12 uncached input tokens, 30 read from the cache, 20 written to it. */
export const ANTHROPIC_USAGE = { input_tokens: 12, cache_read_input_tokens: 30, cache_creation_input_tokens: 20 };
export const ANTHROPIC_OUTPUT_TOKENS = 9;
export const ANTHROPIC_SERVED_MODEL_SUFFIX = '-20250929';

/**
 * @typedef {{ model?: string; stream?: boolean; thinking?: unknown;
 *   tools?: Array<{ name: string; input_schema?: { properties?: Record<string, unknown> } }>;
 *   messages?: Array<{ role: string; content: unknown }> }} Body
 */

/**
 * The tool_result block of the last message, if it holds one: the client ran the tool.
 * @param {Body} body
 * @returns {{ content?: unknown } | undefined}
 */
function lastToolResult(body) {
  const content = body.messages?.at(-1)?.content;
  if (!Array.isArray(content)) return undefined;
  return content.find((/** @type {{ type?: string }} */ b) => b.type === 'tool_result');
}

/** @param {Body} body */
function lastUserText(body) {
  const last = [...(body.messages ?? [])].reverse().find((m) => m.role === 'user');
  if (!last) return '';
  if (typeof last.content === 'string') return last.content;
  if (!Array.isArray(last.content)) return '';
  return last.content
    .filter((/** @type {{ type?: string }} */ b) => b.type === 'text')
    .map((/** @type {{ text?: string }} */ b) => b.text)
    .join(' ');
}

/**
 * @typedef {{ port?: number; toolUseAlone?: boolean }} AnthropicStandInOptions
 */

/**
 * The content blocks the stand-in answers for a request.
 * @param {Body} body
 * @param {AnthropicStandInOptions} [options]
 * @returns {Array<Record<string, unknown>>}
 */
export function anthropicContent(body, options = {}) {
  /** @type {Array<Record<string, unknown>>} */
  const blocks = [];
  if (body.thinking) blocks.push({ type: 'thinking', thinking: 'Let me think.', signature: 'sig-1' });
  const toolResult = lastToolResult(body);
  if (toolResult) {
    const result = typeof toolResult.content === 'string' ? toolResult.content : JSON.stringify(toolResult.content);
    blocks.push({ type: 'text', text: `Echo: ${result}` });
    return blocks;
  }
  const text = lastUserText(body);
  const tool = body.tools?.[0];
  if (!tool || !options.toolUseAlone) blocks.push({ type: 'text', text: `Echo: ${text}` });
  if (tool) {
    const input = tool.input_schema?.properties?.query ? { query: text } : { city: 'Paris', days: 2 };
    blocks.push({ type: 'tool_use', id: 'toolu_01', name: tool.name, input });
  }
  return blocks;
}

/** @param {Array<Record<string, unknown>>} content */
const stopReason = (content) => (content.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn');

const frame = (/** @type {string} */ type, /** @type {unknown} */ data) =>
  `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;

/** @param {Array<Record<string, unknown>>} content @param {string} requested @param {string} model @returns {string[]} */
function streamEvents(content, requested, model) {
  const events = [
    frame('message_start', {
      type: 'message_start',
      message: {
        id: 'msg_stand_in',
        type: 'message',
        role: 'assistant',
        model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { ...ANTHROPIC_USAGE, output_tokens: 1 },
      },
    }),
  ];
  if (requested === 'stream-error') {
    events.push(
      frame('content_block_start', {
        type: 'content_block_start',
        index: 0,
        content_block: { type: 'text', text: '' },
      }),
    );
    events.push(
      frame('content_block_delta', {
        type: 'content_block_delta',
        index: 0,
        delta: { type: 'text_delta', text: 'Partial' },
      }),
    );
    events.push(frame('error', { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }));
    return events;
  }
  content.forEach((block, index) => {
    const start =
      block.type === 'text'
        ? { type: 'text', text: '' }
        : block.type === 'thinking'
          ? { type: 'thinking', thinking: '' }
          : { type: 'tool_use', id: block.id, name: block.name, input: {} };
    events.push(frame('content_block_start', { type: 'content_block_start', index, content_block: start }));
    if (index === 0) events.push(frame('ping', { type: 'ping' }));
    if (block.type === 'text') {
      const text = String(block.text);
      const half = Math.ceil(text.length / 2);
      for (const part of [text.slice(0, half), text.slice(half)]) {
        events.push(
          frame('content_block_delta', {
            type: 'content_block_delta',
            index,
            delta: { type: 'text_delta', text: part },
          }),
        );
      }
    } else if (block.type === 'thinking') {
      events.push(
        frame('content_block_delta', {
          type: 'content_block_delta',
          index,
          delta: { type: 'thinking_delta', thinking: block.thinking },
        }),
      );
      events.push(
        frame('content_block_delta', {
          type: 'content_block_delta',
          index,
          delta: { type: 'signature_delta', signature: block.signature },
        }),
      );
    } else {
      const json = JSON.stringify(block.input);
      for (const part of [json.slice(0, 7), json.slice(7)]) {
        events.push(
          frame('content_block_delta', {
            type: 'content_block_delta',
            index,
            delta: { type: 'input_json_delta', partial_json: part },
          }),
        );
      }
    }
    events.push(frame('content_block_stop', { type: 'content_block_stop', index }));
  });
  const stop_reason = stopReason(content);
  // Two message_delta events: usage is cumulative, so the last one holds the totals.
  events.push(
    frame('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: null, stop_sequence: null },
      usage: { output_tokens: 4 },
    }),
  );
  events.push(
    frame('message_delta', {
      type: 'message_delta',
      delta: { stop_reason, stop_sequence: null },
      usage: { input_tokens: null, output_tokens: ANTHROPIC_OUTPUT_TOKENS },
    }),
  );
  events.push(frame('message_stop', { type: 'message_stop' }));
  return events;
}

/**
 * The stand-in's answer to one request.
 * @param {RecordedCall} call
 * @param {AnthropicStandInOptions} [options]
 * @returns {StandInReply}
 */
export function anthropicReply(call, options = {}) {
  if (call.method !== 'POST' || !call.path.endsWith('/v1/messages')) {
    return { status: 404, json: { type: 'error', error: { type: 'not_found_error', message: 'Not found' } } };
  }
  const body = /** @type {Body} */ (call.body ?? {});
  const requested = body.model ?? '';
  const error = ERRORS[requested];
  if (error) {
    return { status: error[0], json: { type: 'error', error: { type: error[1], message: error[2] } } };
  }
  const model = requested.startsWith('claude-') ? requested + ANTHROPIC_SERVED_MODEL_SUFFIX : requested;
  const content = anthropicContent(body, options);
  if (body.stream) return { events: streamEvents(content, requested, model) };
  return {
    json: {
      id: 'msg_stand_in',
      type: 'message',
      role: 'assistant',
      model,
      content,
      stop_reason: stopReason(content),
      stop_sequence: null,
      usage: { ...ANTHROPIC_USAGE, output_tokens: ANTHROPIC_OUTPUT_TOKENS },
    },
  };
}

/**
 * Starts the Anthropic stand-in; point a client's `baseURL` at its `url`.
 * @param {AnthropicStandInOptions} [options]
 */
export const startAnthropicStandIn = (options = {}) =>
  startProviderStandIn((call) => anthropicReply(call, options), options);

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const standIn = await startAnthropicStandIn({ port: Number(process.env.PORT || 4011) });
  console.log(`Anthropic stand-in on ${standIn.url} (set it as the client's baseURL)`);
}
