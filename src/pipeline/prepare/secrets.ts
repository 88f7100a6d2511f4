import type { AttributeValue } from '@opentelemetry/api';
import { REDACTED_VALUE } from './trace-config.js';

// Last key segments that name a credential (OTel records headers as `http.request.header.<name>`).
// Whole segments only, so `llm.token_count.prompt` is not mistaken for a token.
const SECRET_KEY_SEGMENTS: ReadonlySet<string> = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'api-key',
  'api_key',
  'apikey',
  'x-goog-api-key',
  'openai-api-key',
  'password',
  'client_secret',
  'access_token',
  'refresh_token',
]);

/** Attribute keys that hold a URL whose query parameters may carry credentials. */
export const URL_KEYS: ReadonlySet<string> = new Set([
  'url.full',
  'url.query',
  'http.url',
  'http.target',
  'url.original',
]);
const SECRET_QUERY_PARAMS = /([?&](?:api[-_]?key|key|token|access_token|sig|signature|password|secret|code)=)[^&#]*/gi;
// Token-like (16+ characters with a digit), so prose such as "a basic question" is left alone.
const CREDENTIAL = /\b(bearer|basic)\s+(?=[A-Za-z0-9._~+/-]*\d)[A-Za-z0-9._~+/-]{16,}=*/gi;
// OpenAI-style keys (sk-..., sk-proj-..., sk-ant-...): long, and with a digit, so `sk-learn` is not one.
const SECRET_KEY_TOKEN = /\bsk-(?=[A-Za-z0-9_-]*\d)[A-Za-z0-9_-]{32,}/g;
// Google API keys (Gemini's `?key=` / `x-goog-api-key`): `AIza` and 35 more characters.
const GOOGLE_API_KEY = /\bAIza[0-9A-Za-z_-]{35}/g;
// A credential header serialized into JSON text (a chain span's input that holds request headers).
const JSON_CREDENTIAL =
  /("(?:authorization|proxy-authorization|cookie|set-cookie|x-api-key|x-goog-api-key|api-key|api_key|apikey)"\s*:\s*)"(?:[^"\\]|\\.)*"/gi;

// The shortest text any pattern below can change: `"cookie":""` (11 characters); a Bearer token needs
// 22 (`basic ` and 16), an `sk-` key 35. Shorter values (ids, model names, tags) skip every check.
const MIN_SCRUBBABLE_LENGTH = 11;
// Text without any of these (in any case) holds nothing the patterns below would replace: one scan,
// about three times cheaper than the per-pattern `includes` checks it guards. Prose stops here.
const MAY_HOLD_CREDENTIAL = /(?:earer|asic)\s|sk-|":|AIza/i;
// The scheme and any whitespace after it (a tab, a newline): the one check the token pattern needs.
const CREDENTIAL_SCHEME = /(?:earer|asic)\s/i;
// The three patterns in one, case-insensitive: no match means none of them would replace anything.
// JSON text (`":` everywhere) stops here, after one more scan instead of four `includes` and a replace.
const ANY_CREDENTIAL = new RegExp(
  `${CREDENTIAL.source}|${SECRET_KEY_TOKEN.source}|${GOOGLE_API_KEY.source}|${JSON_CREDENTIAL.source}`,
  'i',
);

/**
 * Text with credentials inside it replaced: `Bearer …`/`Basic …` tokens, OpenAI-style `sk-…` keys
 * (Anthropic's `sk-ant-…` too), Google `AIza…` keys, and the values of `"authorization"`/`"cookie"`/`"api-key"`… members of JSON text. Cheap checks come
 * first (the length, one scan for the substrings every pattern needs, one scan for any match), so a
 * short value costs nothing, a prompt one pass and JSON text two, with no replacement.
 *
 * @example
 * scrubText('{"authorization":"Bearer abc"}'); // '{"authorization":"__REDACTED__"}'
 */
export function scrubText(text: string): string {
  if (text.length < MIN_SCRUBBABLE_LENGTH || !MAY_HOLD_CREDENTIAL.test(text) || !ANY_CREDENTIAL.test(text)) {
    return text;
  }
  let result = text;
  if (CREDENTIAL_SCHEME.test(result)) {
    result = result.replace(CREDENTIAL, `$1 ${REDACTED_VALUE}`);
  }
  if (result.includes('sk-')) result = result.replace(SECRET_KEY_TOKEN, REDACTED_VALUE);
  if (result.includes('AIza')) result = result.replace(GOOGLE_API_KEY, REDACTED_VALUE);
  if (result.includes('":')) result = result.replace(JSON_CREDENTIAL, `$1"${REDACTED_VALUE}"`);
  return result;
}

/**
 * Whether an attribute key names a credential, judged by its last dot-separated segment.
 *
 * @example
 * isSecretKey('http.request.header.authorization'); // true
 * isSecretKey('llm.token_count.total'); // false
 */
export function isSecretKey(key: string): boolean {
  const segment = key.slice(key.lastIndexOf('.') + 1).toLowerCase();
  return SECRET_KEY_SEGMENTS.has(segment);
}

/**
 * One string value with credentials taken out: {@link scrubText}, and for a URL key (`urlKey`, see
 * {@link URL_KEYS}) the values of `key=`/`token=`/`sig=`… query parameters too.
 *
 * @example
 * scrubString('https://x.test/v1?key=abc', true); // 'https://x.test/v1?key=__REDACTED__'
 */
export function scrubString(value: string, urlKey: boolean): string {
  const text = scrubText(value);
  if (!urlKey || !text.includes('=')) return text;
  return text.replace(SECRET_QUERY_PARAMS, `$1${REDACTED_VALUE}`);
}

/**
 * The value with credentials taken out: see {@link scrubText}; also `key=`/`token=`/`sig=`… query
 * parameters in URL attributes lose their values. `undefined` means
 * the whole attribute goes (its key names a credential). A safety net under the instrumentation,
 * which records no headers: whatever user code or an adapter sets, these never leave the process.
 *
 * @example
 * scrubSecret('url.full', 'https://x.test/v1?key=abc'); // 'https://x.test/v1?key=__REDACTED__'
 * scrubSecret('http.request.header.cookie', ['a=1']); // undefined
 */
export function scrubSecret(key: string, value: AttributeValue): AttributeValue | undefined {
  if (isSecretKey(key)) return undefined;
  const urlKey = URL_KEYS.has(key);
  if (typeof value === 'string') return scrubString(value, urlKey);
  if (Array.isArray(value) && value.some((item) => typeof item === 'string')) {
    return (value as unknown[]).map((item) =>
      typeof item === 'string' ? scrubString(item, urlKey) : item,
    ) as AttributeValue;
  }
  return value;
}
