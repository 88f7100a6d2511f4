import {
  InputValue,
  LlmInputMessages,
  LlmOutputMessages,
  MessageContent,
  MessageContents,
  MessageContentText,
  MessageRole,
  MessageToolCalls,
  OutputValue,
  ToolCallFunctionArguments,
  ToolCallFunctionName,
} from '../../../src/semconv.js';
import type { PlainValue } from '../otlp/any-value.js';

/** A chat message as the page shows it. */
export interface Message {
  role: string;
  content: string;
}

/**
 * Reassembles `llm.input_messages.{i}.message.*` (or `llm.output_messages`) from flattened attribute
 * keys: plain `content`, else the text parts of `contents`, with tool calls appended as `name(args)`.
 */
export function messagesOf(attributes: Record<string, PlainValue>, prefix: string): Message[] {
  const byIndex = new Map<number, Record<string, PlainValue>>();
  for (const [key, value] of Object.entries(attributes)) {
    if (!key.startsWith(`${prefix}.`)) continue;
    const rest = key.slice(prefix.length + 1);
    const dot = rest.indexOf('.');
    const index = Number(rest.slice(0, dot));
    if (dot < 0 || !Number.isInteger(index)) continue;
    const fields = byIndex.get(index) ?? {};
    fields[rest.slice(dot + 1)] = value;
    byIndex.set(index, fields);
  }
  return [...byIndex.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, fields]) => ({ role: String(fields[MessageRole] ?? ''), content: contentOf(fields) }));
}

/** Values of `{prefix}.{k}.{suffix}` keys by `k`. */
function indexed(fields: Record<string, PlainValue>, prefix: string, suffix: string): Map<number, PlainValue> {
  const found = new Map<number, PlainValue>();
  for (const [key, value] of Object.entries(fields)) {
    if (!key.startsWith(`${prefix}.`) || !key.endsWith(`.${suffix}`)) continue;
    const k = key.slice(prefix.length + 1, -suffix.length - 1);
    if (/^\d+$/.test(k)) found.set(Number(k), value);
  }
  return new Map([...found].sort(([a], [b]) => a - b));
}

function contentOf(fields: Record<string, PlainValue>): string {
  const parts: string[] = [];
  const content = fields[MessageContent];
  if (typeof content === 'string') parts.push(content);
  else parts.push(...[...indexed(fields, MessageContents, MessageContentText).values()].map(String));
  const args = indexed(fields, MessageToolCalls, ToolCallFunctionArguments);
  for (const [k, name] of indexed(fields, MessageToolCalls, ToolCallFunctionName)) {
    parts.push(`→ ${String(name)}(${args.has(k) ? String(args.get(k)) : ''})`);
  }
  return parts.join('\n');
}

/** The messages of one LLM span. */
export function llmMessages(attributes: Record<string, PlainValue>): { input: Message[]; output: Message[] } {
  return { input: messagesOf(attributes, LlmInputMessages), output: messagesOf(attributes, LlmOutputMessages) };
}

/** `input.value` / `output.value` as messages, for a turn without an LLM span. */
export function valueMessages(attributes: Record<string, PlainValue>): { input: Message[]; output: Message[] } {
  const input = attributes[InputValue];
  const output = attributes[OutputValue];
  return {
    input: input === undefined || input === null ? [] : [{ role: 'input', content: String(input) }],
    output: output === undefined || output === null ? [] : [{ role: 'output', content: String(output) }],
  };
}
