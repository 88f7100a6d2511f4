import type { PlainValue } from './any-value.js';

// What the filters find: text in a span's inputs and outputs for `?q=`, and its metadata's top-level
// key=value pairs for `?meta=key=value`.

const TEXT_KEY =
  /^(input|output)\.value$|^llm\.(input|output)_messages\.\d+\.message\.(content|contents\.\d+\.message_content\.text)$/;
/** Text indexed per span; the rest of a very long prompt is still stored, just not searchable. */
export const MAX_SEARCH_TEXT = 32 * 1024;
const MAX_METADATA_PAIRS = 32;
const MAX_METADATA_CHARS = 256;

/** The span's input and output text, for full-text search; empty when it has none. */
export function searchableText(attributes: Record<string, PlainValue>): string {
  let text = '';
  for (const [key, value] of Object.entries(attributes)) {
    if (typeof value !== 'string' || !TEXT_KEY.test(key)) continue;
    text += `${value}\n`;
    if (text.length >= MAX_SEARCH_TEXT) return text.slice(0, MAX_SEARCH_TEXT);
  }
  return text;
}

/** Top-level scalar entries of the `metadata` attribute (a JSON object as text), as strings. */
export function metadataPairs(attributes: Record<string, PlainValue>): [key: string, value: string][] {
  const raw = attributes.metadata;
  let metadata: unknown = raw;
  if (typeof raw === 'string') {
    try {
      metadata = JSON.parse(raw);
    } catch {
      return [];
    }
  }
  if (!metadata || typeof metadata !== 'object' || Array.isArray(metadata)) return [];
  const pairs: [string, string][] = [];
  for (const [key, value] of Object.entries(metadata)) {
    if (!['string', 'number', 'boolean'].includes(typeof value)) continue;
    const text = String(value);
    if (key.length > MAX_METADATA_CHARS || text.length > MAX_METADATA_CHARS) continue;
    pairs.push([key, text]);
    if (pairs.length === MAX_METADATA_PAIRS) break;
  }
  return pairs;
}
