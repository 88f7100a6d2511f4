import { ambientContext } from './context-source.js';
import { type ContextHelpers, createContextHelpers } from './using-context.js';

const ambient: ContextHelpers = createContextHelpers(ambientContext);

/**
 * Runs `fn` (sync or async) with `session.id` on every span started inside it, and returns its result.
 * Ids that are not strings or numbers, or empty after control characters are removed, are ignored;
 * ids over 256 characters are cut to 256.
 *
 * @example
 * const reply = await usingSession('sess-abc', () => chat('What should I pack?'));
 */
export const usingSession: ContextHelpers['usingSession'] = ambient.usingSession;

/**
 * Runs `fn` with `user.id` on every span started inside it (same id rules as `usingSession`).
 *
 * @example
 * await usingUser('user-123', () => chat('Hello'));
 */
export const usingUser: ContextHelpers['usingUser'] = ambient.usingUser;

/**
 * Runs `fn` with `metadata` (as a JSON string) on every span started inside it. Values that JSON
 * cannot hold are recorded as far as possible: cycles as "[Circular]", bigints as strings.
 *
 * @example
 * await usingMetadata({ channel: 'web' }, () => chat('Hello'));
 */
export const usingMetadata: ContextHelpers['usingMetadata'] = ambient.usingMetadata;

/**
 * Runs `fn` with `tag.tags` (a list of strings) on every span started inside it.
 *
 * @example
 * await usingTags(['beta', 'mobile'], () => chat('Hello'));
 */
export const usingTags: ContextHelpers['usingTags'] = ambient.usingTags;

/**
 * Runs `fn` with `llm.prompt_template.template`, `.variables` (JSON) and `.version` on its spans.
 *
 * @example
 * await usingPromptTemplate({ template: 'Weather in {city}?', variables: { city: 'Oslo' }, version: 'v1' }, () => ask());
 */
export const usingPromptTemplate: ContextHelpers['usingPromptTemplate'] = ambient.usingPromptTemplate;

/**
 * Runs `fn` with several context attributes at once; the inner block wins for the same key.
 *
 * @example
 * await usingAttributes({ sessionId: 'sess-abc', userId: 'user-123', metadata: { channel: 'web' }, tags: ['beta'] }, () =>
 *   chat('Hello'),
 * );
 */
export const usingAttributes: ContextHelpers['usingAttributes'] = ambient.usingAttributes;

/**
 * Runs `fn` with tracing off: no span is recorded inside it, fetch spans included.
 *
 * @example
 * await suppressTracing(() => fetch('https://example.com/health'));
 */
export const suppressTracing: ContextHelpers['suppressTracing'] = ambient.suppressTracing;
