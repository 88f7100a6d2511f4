// The bodies the OpenAI stand-in sends, shaped like the real API's (checked against the openai-node
// 6.x types): deterministic, derived only from the request and a per-server counter.

/** Served snapshot names, as OpenAI reports an alias's current snapshot. */
const SNAPSHOTS = {
  'gpt-4o-mini': 'gpt-4o-mini-2024-07-18',
  'gpt-4o': 'gpt-4o-2024-08-06',
  'gpt-4.1': 'gpt-4.1-2025-04-14',
  'gpt-4.1-mini': 'gpt-4.1-mini-2025-04-14',
  'gpt-4.1-nano': 'gpt-4.1-nano-2025-04-14',
  'gpt-5': 'gpt-5-2025-08-07',
  'gpt-5-mini': 'gpt-5-mini-2025-08-07',
  'gpt-5-nano': 'gpt-5-nano-2025-08-07',
  o3: 'o3-2025-04-16',
  'o4-mini': 'o4-mini-2025-04-16',
  'gpt-3.5-turbo': 'gpt-3.5-turbo-0125',
};
const CREATED = 1735689600; // 2025-01-01T00:00:00Z, so bodies are byte-for-byte repeatable.
const FINGERPRINT = 'fp_standin01';

/**
 * @param {unknown} model
 * @returns {string}
 */
export function servedModel(model) {
  const name = typeof model === 'string' ? model : 'gpt-4o-mini';
  return SNAPSHOTS[/** @type {keyof typeof SNAPSHOTS} */ (name)] ?? name;
}

/**
 * A stable stand-in for a tokenizer: about four characters a token.
 * @param {string} text
 */
export function countTokens(text) {
  return Math.max(1, Math.ceil(text.length / 4));
}

/**
 * Reads the `status:NNN`, `cached:N` and `fail:stream` directives a test writes in its prompt.
 * @param {string} text
 */
export function directives(text) {
  const status = /status:(\d{3})/.exec(text);
  const cached = /cached:(\d+)/.exec(text);
  return {
    status: status ? Number(status[1]) : undefined,
    cached: cached ? Number(cached[1]) : 0,
    failStream: text.includes('fail:stream'),
  };
}

/**
 * OpenAI's error body for a status.
 * @param {number} status
 * @param {string} model
 */
export function errorBody(status, model) {
  const errors = {
    400: ['Invalid request (stand-in status:400).', 'invalid_request_error', null],
    401: [
      'Incorrect API key provided: sk-stand*****. You can find your API key at https://platform.openai.com/account/api-keys.',
      'invalid_request_error',
      'invalid_api_key',
    ],
    404: ['The model does not exist or you do not have access to it.', 'invalid_request_error', 'model_not_found'],
    429: [
      `Rate limit reached for ${model} on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 20s.`,
      'requests',
      'rate_limit_exceeded',
    ],
    500: ['The server had an error while processing your request. Sorry about that!', 'server_error', null],
  };
  const [message, type, code] = errors[/** @type {keyof typeof errors} */ (status)] ?? errors[500];
  return { error: { message, type, param: null, code } };
}

/**
 * Splits text into stream-sized pieces: words with their trailing space.
 * @param {string} text
 * @returns {string[]}
 */
export function pieces(text) {
  return text.match(/\S+\s*|\s+/g) ?? [''];
}

/**
 * Splits text into fixed-size pieces (JSON arguments stream this way).
 * @param {string} text
 * @param {number} size
 */
export function slices(text, size) {
  const out = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out.length > 0 ? out : [''];
}

/**
 * Usage of a Chat Completion or legacy Completion.
 * @param {number} prompt
 * @param {number} completion
 * @param {number} cached
 */
export function chatUsage(prompt, completion, cached) {
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: Math.min(cached, prompt), audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

/**
 * Usage of a Responses API response.
 * @param {number} input
 * @param {number} output
 * @param {number} cached
 */
export function responsesUsage(input, output, cached) {
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: Math.min(cached, input) },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: input + output,
  };
}

/**
 * The envelope shared by a chat completion and its chunks.
 * @param {number} n
 * @param {string} model
 * @param {'chat.completion' | 'chat.completion.chunk'} object
 */
export function chatEnvelope(n, model, object) {
  return {
    id: `chatcmpl-standin${n}`,
    object,
    created: CREATED,
    model,
    service_tier: 'default',
    system_fingerprint: FINGERPRINT,
  };
}

/**
 * The envelope of a legacy text completion.
 * @param {number} n
 * @param {string} model
 */
export function completionEnvelope(n, model) {
  return { id: `cmpl-standin${n}`, object: 'text_completion', created: CREATED, model };
}

/**
 * A Responses API response object in a given state.
 * @param {number} n
 * @param {Record<string, unknown>} body the request
 * @param {'in_progress' | 'completed' | 'failed'} status
 * @param {unknown[]} output
 * @param {unknown} usage
 */
export function responseObject(n, body, status, output, usage) {
  return {
    id: `resp_standin${n}`,
    object: 'response',
    created_at: CREATED,
    status,
    background: false,
    error: null,
    incomplete_details: null,
    instructions: body.instructions ?? null,
    max_output_tokens: body.max_output_tokens ?? null,
    model: servedModel(body.model),
    output,
    parallel_tool_calls: true,
    previous_response_id: body.previous_response_id ?? null,
    reasoning: { effort: null, summary: null },
    service_tier: 'default',
    store: true,
    temperature: body.temperature ?? 1,
    text: { format: { type: 'text' }, verbosity: 'medium' },
    tool_choice: body.tool_choice ?? 'auto',
    tools: body.tools ?? [],
    top_p: body.top_p ?? 1,
    truncation: 'disabled',
    usage,
    user: null,
    metadata: body.metadata ?? {},
  };
}

/**
 * A deterministic embedding for a text: float32-representable values, so the float and base64
 * encodings of it decode to the same numbers.
 * @param {string} text
 * @param {number} dimensions
 */
export function embeddingOf(text, dimensions) {
  let state = 2166136261;
  for (let i = 0; i < text.length; i++) state = Math.imul(state ^ text.charCodeAt(i), 16777619) >>> 0;
  const vector = [];
  for (let i = 0; i < dimensions; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    vector.push(Math.fround(state / 2147483648 - 1));
  }
  return vector;
}

/**
 * Little-endian float32 bytes in base64, as OpenAI sends `encoding_format: "base64"`.
 * @param {number[]} vector
 */
export function float32Base64(vector) {
  const view = new DataView(new ArrayBuffer(vector.length * 4));
  vector.forEach((value, i) => {
    view.setFloat32(i * 4, value, true);
  });
  return Buffer.from(view.buffer).toString('base64');
}

/**
 * The text of a message's content: a string, or its text parts joined.
 * @param {unknown} content
 * @returns {string}
 */
export function textOf(content) {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return content == null ? '' : JSON.stringify(content);
  return content
    .map((part) => (typeof part?.text === 'string' ? part.text : ''))
    .filter((text) => text.length > 0)
    .join(' ');
}
