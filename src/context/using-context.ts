import type { AttributeValue } from '@opentelemetry/api';
import { toJsonString } from '../json-string.js';
import {
  Metadata,
  PromptTemplate,
  PromptTemplateVariables,
  PromptTemplateVersion,
  SessionId,
  TagTags,
  UserId,
} from '../semconv.js';
import { withContextAttributes, withTracingSuppressed } from './context-attributes.js';
import type { ContextSource } from './context-source.js';
import { normalizeIdentifier } from './identifier.js';

/** A prompt template and the values filled into it. */
export interface PromptTemplateOptions {
  template: string;
  variables?: Record<string, unknown>;
  version?: string;
}

/** Everything `usingAttributes` can put on the spans of a block. */
export interface ContextAttributeOptions {
  sessionId?: string;
  userId?: string;
  metadata?: Record<string, unknown>;
  tags?: readonly string[];
  promptTemplate?: string;
  promptTemplateVariables?: Record<string, unknown>;
  promptTemplateVersion?: string;
}

/** The `using*` helpers and `suppressTracing`, bound to one source of context. */
export interface ContextHelpers {
  usingSession<T>(sessionId: string, fn: () => T): T;
  usingUser<T>(userId: string, fn: () => T): T;
  usingMetadata<T>(metadata: Record<string, unknown>, fn: () => T): T;
  usingTags<T>(tags: readonly string[], fn: () => T): T;
  usingPromptTemplate<T>(promptTemplate: PromptTemplateOptions, fn: () => T): T;
  usingAttributes<T>(attributes: ContextAttributeOptions, fn: () => T): T;
  suppressTracing<T>(fn: () => T): T;
}

/**
 * Turns the options of `usingAttributes` into span attributes. Ids go through `normalizeIdentifier`
 * (an unusable id is left out); metadata and template variables become JSON even when they hold
 * cycles or bigints; tags keep strings and finite numbers (as strings) and drop anything else.
 */
export function toContextAttributes(options: ContextAttributeOptions): Record<string, AttributeValue> {
  const attributes: Record<string, AttributeValue> = {};
  const sessionId = normalizeIdentifier(options.sessionId);
  if (sessionId !== undefined) attributes[SessionId] = sessionId;
  const userId = normalizeIdentifier(options.userId);
  if (userId !== undefined) attributes[UserId] = userId;
  if (options.metadata !== undefined) attributes[Metadata] = toJsonString(options.metadata);
  if (Array.isArray(options.tags)) attributes[TagTags] = options.tags.flatMap(toTag);
  if (typeof options.promptTemplate === 'string') attributes[PromptTemplate] = options.promptTemplate;
  if (options.promptTemplateVariables !== undefined) {
    attributes[PromptTemplateVariables] = toJsonString(options.promptTemplateVariables);
  }
  if (typeof options.promptTemplateVersion === 'string')
    attributes[PromptTemplateVersion] = options.promptTemplateVersion;
  return attributes;
}

function toTag(tag: unknown): string[] {
  if (typeof tag === 'string') return [tag];
  if (typeof tag === 'number' && Number.isFinite(tag)) return [String(tag)];
  return [];
}

/** Builds the helpers over one context source (the ambient context, or a request scope). */
export function createContextHelpers(source: ContextSource): ContextHelpers {
  const using = <T>(options: ContextAttributeOptions, fn: () => T): T =>
    source.run(withContextAttributes(source.active(), toContextAttributes(options)), fn);
  return {
    usingSession(sessionId, fn) {
      return using({ sessionId }, fn);
    },
    usingUser(userId, fn) {
      return using({ userId }, fn);
    },
    usingMetadata(metadata, fn) {
      return using({ metadata }, fn);
    },
    usingTags(tags, fn) {
      return using({ tags }, fn);
    },
    usingPromptTemplate({ template, variables, version }, fn) {
      return using(
        { promptTemplate: template, promptTemplateVariables: variables, promptTemplateVersion: version },
        fn,
      );
    },
    usingAttributes: using,
    suppressTracing(fn) {
      return source.run(withTracingSuppressed(source.active()), fn);
    },
  };
}
