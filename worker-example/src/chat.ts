import OpenAI from 'openai';
import type { RequestScope } from '../../src/index.js';

/** The Worker's bindings: vars in wrangler.toml or `wrangler dev --var`, secrets for the keys. */
export interface Env {
  OPENAI_API_KEY: string;
  /** Any OpenAI-compatible base URL; unset means api.openai.com. */
  OPENAI_BASE_URL?: string;
  /** For POST /chat/anthropic; `npm start` sets a stand-in's when ANTHROPIC_API_KEY is unset. */
  ANTHROPIC_API_KEY?: string;
  ANTHROPIC_BASE_URL?: string;
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;
  OTEL_EXPORTER_OTLP_HEADERS?: string;
  /** One Durable Object per session keeps the conversation (wrangler.toml binds it). */
  CHAT_HISTORY?: ChatHistoryNamespace;
}

const MODEL = 'gpt-4o-mini';

/** One message of a conversation, as the model receives it. */
export interface ChatTurn {
  role: 'user' | 'assistant';
  content: string;
}

/** The ChatHistory Durable Object namespace (chat-history.ts), as the Worker sees it. */
export interface ChatHistoryNamespace {
  getByName(name: string): { turns(): Promise<ChatTurn[]>; append(...turns: ChatTurn[]): Promise<number> };
}

/**
 * An OpenAI client whose calls become LLM spans of this request: `llm.fetch` keeps the request's
 * context even in a Worker without `nodejs_compat`.
 */
export function openAiFor(llm: RequestScope, env: Env): OpenAI {
  return new OpenAI({ apiKey: env.OPENAI_API_KEY, baseURL: env.OPENAI_BASE_URL || undefined, fetch: llm.fetch });
}

/**
 * The seed's `@tracer.chain def chat(message)`: a CHAIN span named "chat" with the LLM call under it.
 * The model sees the conversation's earlier turns (`history`) before the message.
 */
export function chatFor(
  llm: RequestScope,
  client: OpenAI,
  history: readonly ChatTurn[] = [],
): (message: string) => Promise<string> {
  return llm.tracer.chain(async function chat(message: string): Promise<string> {
    const response = await client.chat.completions.create({
      model: MODEL,
      messages: [...history, { role: 'user', content: message }],
    });
    return response.choices[0]?.message.content ?? '';
  });
}

/** The same turn streamed: each piece of text goes to `write` as it arrives; the span's output is the whole reply. */
export function streamingChatFor(
  llm: RequestScope,
  client: OpenAI,
  write: (text: string) => Promise<unknown>,
  history: readonly ChatTurn[] = [],
): (message: string) => Promise<string> {
  return llm.tracer.chain(async function chat(message: string): Promise<string> {
    const stream = await client.chat.completions.create({
      model: MODEL,
      messages: [...history, { role: 'user', content: message }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let reply = '';
    for await (const chunk of stream) {
      const text = chunk.choices[0]?.delta?.content;
      if (text) {
        reply += text;
        await write(text);
      }
    }
    return reply;
  });
}
