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

const URL_KEYS: ReadonlySet<string> = new Set(['url.full', 'url.query', 'http.url', 'http.target', 'url.original']);
const SECRET_QUERY_PARAMS = /([?&](?:api[-_]?key|key|token|access_token|sig|signature|password|secret|code)=)[^&#]*/gi;
// Token-like (16+ characters with a digit), so prose such as "a basic question" is left alone.
const CREDENTIAL = /\b(bearer|basic)\s+(?=[A-Za-z0-9._~+/-]*\d)[A-Za-z0-9._~+/-]{16,}=*/gi;
// OpenAI-style keys (sk-..., sk-proj-..., sk-ant-...): long, and with a digit, so `sk-learn` is not one.
const SECRET_KEY_TOKEN = /\bsk-(?=[A-Za-z0-9_-]*\d)[A-Za-z0-9_-]{32,}/g;
// A credential header serialized into JSON text (a chain span's input that holds request headers).
const JSON_CREDENTIAL =
  /("(?:authorization|proxy-authorization|cookie|set-cookie|x-api-key|api-key|api_key|apikey)"\s*:\s*)"(?:[^"\\]|\\.)*"/gi;

/**
 * Text with credentials inside it replaced: `Bearer …`/`Basic …` tokens, OpenAI-style `sk-…` keys,
 * and the values of `"authorization"`/`"cookie"`/`"api-key"`… members of JSON text. Cheap `includes`
 * checks come first, so a long prompt without any of them is scanned by no regular expression.
 *
 * @example
 * scrubText('{"authorization":"Bearer abc"}'); // '{"authorization":"__REDACTED__"}'
 */
export function scrubText(text: string): string {
  let result = text;
  if (result.includes('earer ') || result.includes('EARER ') || result.includes('asic ') || result.includes('ASIC ')) {
    result = result.replace(CREDENTIAL, `$1 ${REDACTED_VALUE}`);
  }
  if (result.includes('sk-')) result = result.replace(SECRET_KEY_TOKEN, REDACTED_VALUE);
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

function scrubString(key: string, value: string): string {
  const text = scrubText(value);
  return URL_KEYS.has(key) && text.includes('=') ? text.replace(SECRET_QUERY_PARAMS, `$1${REDACTED_VALUE}`) : text;
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
  if (typeof value === 'string') return scrubString(key, value);
  if (Array.isArray(value) && value.some((item) => typeof item === 'string')) {
    return (value as unknown[]).map((item) =>
      typeof item === 'string' ? scrubString(key, item) : item,
    ) as AttributeValue;
  }
  return value;
}
