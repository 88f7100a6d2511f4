import { type OpenInferenceSpanKind, SpanKinds } from '../../semconv.js';

/** What an AI SDK span stands for. */
export type AiSdkRole = 'call' | 'model-call' | 'tool' | 'embed' | 'model-embed';

const CALLS = new Set(['ai.generateText', 'ai.streamText', 'ai.generateObject', 'ai.streamObject']);

/**
 * The role of a span by its name, or `undefined` for a span that is not the AI SDK's. The name is
 * the operation id (`ai.generateText.doGenerate`); a `functionId` goes into attributes, not the name.
 *
 * @example
 * aiSdkRole('ai.streamText.doStream'); // 'model-call'
 */
export function aiSdkRole(name: string): AiSdkRole | undefined {
  if (!name.startsWith('ai.')) return undefined;
  if (CALLS.has(name)) return 'call';
  if (name.endsWith('.doGenerate') || name.endsWith('.doStream')) return 'model-call';
  if (name === 'ai.toolCall') return 'tool';
  if (name === 'ai.embed' || name === 'ai.embedMany') return 'embed';
  if (name.endsWith('.doEmbed')) return 'model-embed';
  return undefined;
}

/** The OpenInference kind of each role; a call that ran a tool becomes AGENT when it ends. */
export const ROLE_KINDS: Readonly<Record<AiSdkRole, OpenInferenceSpanKind>> = {
  call: SpanKinds.chain,
  'model-call': SpanKinds.llm,
  tool: SpanKinds.tool,
  embed: SpanKinds.embedding,
  'model-embed': SpanKinds.embedding,
};
