// The stand-in's answers to /v1/responses and /v1/embeddings: JSON with a status, or a list of
// SSE events (typed, with `event:` lines, as the Responses API streams them).
import {
  countTokens,
  directives,
  embeddingOf,
  errorBody,
  float32Base64,
  pieces,
  responseObject,
  responsesUsage,
  slices,
  textOf,
} from './openai-stand-in-shapes.js';

/** @typedef {{ event?: string, data: string }} StandInEvent */
/** @typedef {{ status: number, json: unknown } | { status: 200, events: StandInEvent[] }} StandInReply */

/** @param {unknown} value */
const json = (value) => JSON.stringify(value);

/**
 * Answers `POST /v1/responses`: a message item, or a function_call item when the request has a function tool.
 * @param {Record<string, any>} body
 * @param {number} n
 * @returns {StandInReply}
 */
export function responsesReply(body, n) {
  const items = typeof body.input === 'string' ? [{ role: 'user', content: body.input }] : (body.input ?? []);
  const last = items.at(-1);
  const userText = textOf(items.findLast((item) => item?.role === 'user')?.content);
  const { status, cached, failStream } = directives(userText);
  if (status) return { status, json: errorBody(status, String(body.model)) };
  const tool = (Array.isArray(body.tools) ? body.tools : []).find((t) => t?.type === 'function');
  const callsTool = tool !== undefined && last?.type !== 'function_call_output';
  const text = last?.type === 'function_call_output' ? `Echo: ${textOf(last.output)}` : `Echo: ${userText}`;
  const args = json({ query: userText });
  const done = callsTool
    ? {
        id: `fc_standin${n}`,
        type: 'function_call',
        status: 'completed',
        arguments: args,
        call_id: `call_standin${n}`,
        name: tool.name,
      }
    : {
        id: `msg_standin${n}`,
        type: 'message',
        status: 'completed',
        content: [{ type: 'output_text', annotations: [], logprobs: [], text }],
        role: 'assistant',
      };
  const inputTokens = countTokens(json(body.input ?? '') + (body.instructions ?? ''));
  const usage = responsesUsage(inputTokens, countTokens(callsTool ? args : text), cached);
  if (!body.stream) return { status: 200, json: responseObject(n, body, 'completed', [done], usage) };

  let sequence = 0;
  /** @param {string} type @param {Record<string, unknown>} fields */
  const event = (type, fields) => ({ event: type, data: json({ type, sequence_number: sequence++, ...fields }) });
  const started = responseObject(n, body, 'in_progress', [], null);
  const events = [
    event('response.created', { response: started }),
    event('response.in_progress', { response: started }),
  ];
  const at = { output_index: 0 };
  const itemAt = { item_id: done.id, output_index: 0 };
  if (callsTool) {
    events.push(
      event('response.output_item.added', { ...at, item: { ...done, status: 'in_progress', arguments: '' } }),
    );
    for (const delta of slices(args, 7))
      events.push(event('response.function_call_arguments.delta', { ...itemAt, delta }));
    events.push(event('response.function_call_arguments.done', { ...itemAt, arguments: args }));
  } else {
    const part = { type: 'output_text', annotations: [], logprobs: [], text: '' };
    events.push(event('response.output_item.added', { ...at, item: { ...done, status: 'in_progress', content: [] } }));
    events.push(event('response.content_part.added', { ...itemAt, content_index: 0, part }));
    for (const delta of pieces(text)) {
      events.push(event('response.output_text.delta', { ...itemAt, content_index: 0, delta, logprobs: [] }));
    }
    events.push(event('response.output_text.done', { ...itemAt, content_index: 0, text, logprobs: [] }));
    events.push(event('response.content_part.done', { ...itemAt, content_index: 0, part: { ...part, text } }));
  }
  if (failStream) {
    const failed = {
      ...responseObject(n, body, 'failed', [], null),
      error: { code: 'server_error', message: 'The server had an error while processing your request.' },
    };
    return { status: 200, events: [...events.slice(0, 4), event('response.failed', { response: failed })] };
  }
  events.push(event('response.output_item.done', { ...at, item: done }));
  events.push(event('response.completed', { response: responseObject(n, body, 'completed', [done], usage) }));
  return { status: 200, events };
}

/**
 * Answers `POST /v1/embeddings` with deterministic vectors, as floats or base64.
 * @param {Record<string, any>} body
 * @returns {StandInReply}
 */
export function embeddingsReply(body) {
  const input = body.input;
  const texts =
    typeof input === 'string'
      ? [input]
      : Array.isArray(input)
        ? input.map((x) => (typeof x === 'string' ? x : json(x)))
        : [];
  const { status } = directives(texts.join(' '));
  if (status) return { status, json: errorBody(status, String(body.model)) };
  const dimensions = typeof body.dimensions === 'number' ? body.dimensions : 8;
  const base64 = body.encoding_format === 'base64';
  const data = texts.map((text, index) => {
    const vector = embeddingOf(text, dimensions);
    return { object: 'embedding', index, embedding: base64 ? float32Base64(vector) : vector };
  });
  const tokens = texts.reduce((sum, text) => sum + countTokens(text), 0);
  return {
    status: 200,
    json: { object: 'list', data, model: String(body.model), usage: { prompt_tokens: tokens, total_tokens: tokens } },
  };
}
