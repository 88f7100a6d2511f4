// The stand-in's answers to /v1/chat/completions and the legacy /v1/completions: JSON with a
// status, or a list of SSE events. Replies echo the prompt ("Echo: <text>").
import {
  chatEnvelope,
  chatUsage,
  completionEnvelope,
  countTokens,
  directives,
  errorBody,
  pieces,
  servedModel,
  slices,
  textOf,
} from './openai-stand-in-shapes.js';

/** @typedef {import('./openai-stand-in-responses.js').StandInReply} StandInReply */

/** @param {unknown} value */
const json = (value) => JSON.stringify(value);

/**
 * Answers `POST /v1/chat/completions`: an echo, or a call of the first tool (every tool with `tools:all`).
 * @param {Record<string, any>} body
 * @param {number} n
 * @returns {StandInReply}
 */
export function chatReply(body, n) {
  const messages = Array.isArray(body.messages) ? body.messages : [];
  const last = messages.at(-1);
  const userText = textOf(messages.findLast((m) => m?.role === 'user')?.content);
  const { status, cached, failStream } = directives(userText);
  if (status) return { status, json: errorBody(status, String(body.model)) };
  const model = servedModel(body.model);
  const promptTokens = countTokens(json(messages));
  const tools = Array.isArray(body.tools) ? body.tools : [];
  const toolCalls =
    tools.length > 0 && last?.role !== 'tool'
      ? (userText.includes('tools:all') ? tools : tools.slice(0, 1)).map((tool, k) => ({
          id: `call_standin${n}_${k}`,
          type: 'function',
          function: { name: tool?.function?.name ?? 'tool', arguments: json({ query: userText, tool: k }) },
        }))
      : [];
  const text = last?.role === 'tool' ? `Echo: ${textOf(last.content)}` : `Echo: ${userText}`;
  const completionTokens = toolCalls.length > 0 ? countTokens(json(toolCalls)) : countTokens(text);
  const usage = chatUsage(promptTokens, completionTokens, cached);
  const finishReason = toolCalls.length > 0 ? 'tool_calls' : 'stop';
  if (!body.stream) {
    const message =
      toolCalls.length > 0
        ? { role: 'assistant', content: null, tool_calls: toolCalls, refusal: null, annotations: [] }
        : { role: 'assistant', content: text, refusal: null, annotations: [] };
    const choices = [{ index: 0, message, logprobs: null, finish_reason: finishReason }];
    return { status: 200, json: { ...chatEnvelope(n, model, 'chat.completion'), choices, usage } };
  }
  const includeUsage = body.stream_options?.include_usage === true;
  /** @param {unknown[]} choices @param {unknown} [chunkUsage] */
  const chunk = (choices, chunkUsage = null) => ({
    data: json({
      ...chatEnvelope(n, model, 'chat.completion.chunk'),
      choices,
      ...(includeUsage ? { usage: chunkUsage } : {}),
    }),
  });
  /** @param {Record<string, unknown>} delta @param {string | null} [finish] */
  const choice = (delta, finish = null) => ({ index: 0, delta, logprobs: null, finish_reason: finish });
  const events = [];
  if (toolCalls.length === 0) {
    events.push(chunk([choice({ role: 'assistant', content: '', refusal: null })]));
    for (const piece of pieces(text)) events.push(chunk([choice({ content: piece })]));
  } else {
    toolCalls.forEach((call, k) => {
      const head = { index: k, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } };
      events.push(
        chunk([
          choice(
            k === 0 ? { role: 'assistant', content: null, tool_calls: [head], refusal: null } : { tool_calls: [head] },
          ),
        ]),
      );
      for (const part of slices(call.function.arguments, 7)) {
        events.push(chunk([choice({ tool_calls: [{ index: k, function: { arguments: part } }] })]));
      }
    });
  }
  if (failStream) {
    return { status: 200, events: [...events.slice(0, 2), { data: json(errorBody(500, model)) }] };
  }
  events.push(chunk([choice({}, finishReason)]));
  if (includeUsage) events.push(chunk([], usage));
  events.push({ data: '[DONE]' });
  return { status: 200, events };
}

/**
 * Answers the legacy `POST /v1/completions`.
 * @param {Record<string, any>} body
 * @param {number} n
 * @returns {StandInReply}
 */
export function completionsReply(body, n) {
  const prompt = Array.isArray(body.prompt) ? String(body.prompt[0] ?? '') : String(body.prompt ?? '');
  const { status } = directives(prompt);
  if (status) return { status, json: errorBody(status, String(body.model)) };
  const model = servedModel(body.model);
  const text = `Echo: ${prompt}`;
  const usage = { prompt_tokens: countTokens(prompt), completion_tokens: countTokens(text), total_tokens: 0 };
  usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;
  if (!body.stream) {
    const choices = [{ text, index: 0, logprobs: null, finish_reason: 'stop' }];
    return { status: 200, json: { ...completionEnvelope(n, model), choices, usage } };
  }
  const includeUsage = body.stream_options?.include_usage === true;
  /** @param {unknown[]} choices @param {unknown} [chunkUsage] */
  const chunk = (choices, chunkUsage = null) => ({
    data: json({ ...completionEnvelope(n, model), choices, ...(includeUsage ? { usage: chunkUsage } : {}) }),
  });
  const events = pieces(text).map((piece) => chunk([{ text: piece, index: 0, logprobs: null, finish_reason: null }]));
  events.push(chunk([{ text: '', index: 0, logprobs: null, finish_reason: 'stop' }]));
  if (includeUsage) events.push(chunk([], usage));
  events.push({ data: '[DONE]' });
  return { status: 200, events };
}
