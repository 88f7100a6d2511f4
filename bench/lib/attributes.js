// The attribute sets the figures record, the same values for every tool.

/** Ten mixed attributes (strings, integers, doubles, a boolean, a string array): a typical LLM span's extras. */
export const MIXED_ATTRIBUTES = [
  ['openinference.span.kind', 'LLM'],
  ['llm.model_name', 'gpt-4o-mini-2024-07-18'],
  ['llm.system', 'openai'],
  ['session.id', 'sess-7f3a9c'],
  ['user.id', 'user-1042'],
  ['llm.token_count.prompt', 980],
  ['llm.token_count.completion', 12],
  ['llm.cost.total', 0.0001542],
  ['llm.is_streaming', true],
  ['tag.tags', ['beta', 'web']],
];

// Prompt-like text: words drawn by a seeded generator, with quotes, newlines and a few accented
// characters, so serializers do real escaping and UTF-8 encoding, and gzip sees text that varies from
// span to span as real prompts do (identical strings would compress away across a batch). Input
// text stays within Latin-1 (V8 stores it one byte a character, as most prompts); output text has
// typographic dashes and a euro sign (two bytes a character, as many model replies).
const LATIN1_WORDS = (
  'the order parcel tracking label warehouse ships tomorrow customer refund "express" delivery ' +
  'address café naïve repair bike wheel brake invoice #48213 please thanks sorry arrived Monday ' +
  "Thursday isn't we'll you're return policy days\n 2-day size colour price status"
).split(' ');
const REPLY_WORDS = [...LATIN1_WORDS, '—', '€49', '“label', 'created”'];

/** A deterministic pseudo-random generator (mulberry32), so every run serializes the same text. */
function generator(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function wordPool(words, seed, length) {
  const next = generator(seed);
  const parts = [];
  for (let size = 0; size < length; ) {
    const word = words[Math.floor(next() * words.length)];
    parts.push(word);
    size += word.length + 1;
  }
  return parts.join(' ');
}

// 256 KB of each kind of text, made once; each span's strings are windows into it at a seed-chosen
// offset, copied into strings of their own.
const POOLS = { input: wordPool(LATIN1_WORDS, 1, 262_144), output: wordPool(REPLY_WORDS, 2, 262_144) };
// How each kind of text is copied into a fresh flat string: its own storage width, a plain memcpy.
const COPY_ENCODING = { input: 'latin1', output: 'utf16le' };

/**
 * `length` characters of prompt-like text, the same for the same seed, different for different
 * seeds, and a flat string of its own (not a slice of the pool), as text parsed from a body is.
 */
export function longText(seed = 0, length = 2048, kind = 'output') {
  const pool = POOLS[kind];
  const offset = (seed * 7919) % (pool.length - length);
  const text = `${seed} ${pool.slice(offset, offset + length)}`.slice(0, length);
  return Buffer.from(text, COPY_ENCODING[kind]).toString(COPY_ENCODING[kind]);
}

/**
 * Twenty attributes of an LLM span as OpenInference records a chat call: two 2 KB values (input and
 * output), messages, model, tokens, cost, session, user, tags. Different seeds give different text.
 */
export function llmSpanAttributes(seed = 0) {
  const input = JSON.stringify({ messages: [{ role: 'user', content: longText(seed * 2 + 1, 1990, 'input') }] });
  return {
    'openinference.span.kind': 'LLM',
    'llm.system': 'openai',
    'llm.provider': 'openai',
    'llm.model_name': 'gpt-4o-mini-2024-07-18',
    'llm.invocation_parameters': '{"model":"gpt-4o-mini","temperature":0.2}',
    'input.value': input,
    'input.mime_type': 'application/json',
    'output.value': longText(seed * 2 + 2),
    'output.mime_type': 'text/plain',
    'llm.input_messages.0.message.role': 'user',
    'llm.input_messages.0.message.content': 'Where is my order #48213?',
    'llm.output_messages.0.message.role': 'assistant',
    'llm.finish_reason': 'stop',
    'llm.token_count.prompt': 980,
    'llm.token_count.completion': 212,
    'llm.token_count.total': 1192,
    'llm.cost.total': 0.0002742,
    'session.id': 'sess-7f3a9c',
    'user.id': 'user-1042',
    'tag.tags': ['beta', 'web'],
  };
}
