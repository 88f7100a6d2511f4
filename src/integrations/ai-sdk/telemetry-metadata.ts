import type { AttributeValue } from '@opentelemetry/api';
import { normalizeIdentifier } from '../../context/identifier.js';
import { toJsonString } from '../../json-string.js';
import { isRecord, parseJson } from '../../providers/recorder/json-shape.js';
import { Metadata, SessionId, TagTags, UserId } from '../../semconv.js';

const PREFIX = 'ai.telemetry.metadata.';

/**
 * Reads `experimental_telemetry.metadata` off an AI SDK span (`ai.telemetry.metadata.*`):
 * `sessionId`, `userId` and `tags` fill `session.id`, `user.id` and `tag.tags` where no `using*`
 * block set them; every other key joins `metadata`, under the block's metadata (the block wins a
 * key both set). The `ai.telemetry.metadata.*` attributes themselves stay as they are.
 *
 * @example
 * // generateText({ ..., experimental_telemetry: { isEnabled: true, metadata: { sessionId: 's1', plan: 'pro' } } })
 * // → session.id 's1', metadata '{"plan":"pro"}'
 */
export function telemetryMetadataAttributes(
  attributes: Readonly<Record<string, AttributeValue>>,
): Record<string, AttributeValue> {
  const result: Record<string, AttributeValue> = {};
  let metadata: Record<string, unknown> | undefined;
  for (const key in attributes) {
    if (!key.startsWith(PREFIX)) continue;
    const name = key.slice(PREFIX.length);
    const value = attributes[key];
    if (name === 'sessionId') setIdentifier(result, attributes, SessionId, value);
    else if (name === 'userId') setIdentifier(result, attributes, UserId, value);
    else if (name === 'tags') {
      if (attributes[TagTags] === undefined) {
        const tags = toTags(value);
        if (tags.length > 0) result[TagTags] = tags;
      }
    } else {
      metadata ??= {};
      metadata[name] = value;
    }
  }
  if (metadata !== undefined) {
    const existing = parseJson(typeof attributes[Metadata] === 'string' ? (attributes[Metadata] as string) : '');
    result[Metadata] = toJsonString(isRecord(existing) ? { ...metadata, ...existing } : metadata);
  }
  return result;
}

function setIdentifier(
  into: Record<string, AttributeValue>,
  attributes: Readonly<Record<string, AttributeValue>>,
  key: string,
  value: AttributeValue | undefined,
): void {
  if (attributes[key] !== undefined) return;
  const id = normalizeIdentifier(value);
  if (id !== undefined) into[key] = id;
}

/** Tags as a list of strings: a list kept (non-strings dropped), a JSON list parsed, one string as one tag. */
function toTags(value: AttributeValue | undefined): string[] {
  const list = typeof value === 'string' ? parseJson(value) : value;
  if (Array.isArray(list)) return list.filter((tag): tag is string => typeof tag === 'string');
  return typeof value === 'string' && value !== '' ? [value] : [];
}
