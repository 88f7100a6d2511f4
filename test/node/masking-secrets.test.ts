// Secrets: an OpenAI API key (Authorization and api-key header, api-key query), the collector's own
// key, cookies and credentials user code records must appear in no exported byte, JSON or protobuf.
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { register } from '../../src/index.js';
import type { OtlpEncoding } from '../../src/pipeline/otlp/otlp-encoding.js';
import { scrubSecret, scrubText } from '../../src/pipeline/prepare/secrets.js';
import { httpProtobuf } from '../../src/protobuf.js';
import { type ChaosCollector, startChaosCollector } from '../fixtures/chaos-collector.js';
import { type StandIn, startOpenAiStandIn } from '../fixtures/openai-stand-in.js';

const OPENAI_KEY = 'sk-proj-MKSECRET0penAIkey0123456789abcdefghijklmnopqrstuvwxyz';
const AZURE_KEY = 'MKSECRETazureKey9876543210';
const COLLECTOR_KEY = 'Bearer MKSECRETcollectorKey';
const COOKIE = 'session=MKSECRETcookieValue';
const SECRETS = [
  'MKSECRET0penAIkey',
  'MKSECRETazureKey',
  'MKSECRETcollectorKey',
  'MKSECRETcookieValue',
  'MKSECRETuserToken8f3a9c2e',
];

let standIn: StandIn;
let collector: ChaosCollector;
beforeAll(async () => {
  [standIn, collector] = await Promise.all([startOpenAiStandIn(), startChaosCollector('ok')]);
});
afterAll(async () => {
  await Promise.all([standIn.close(), collector.close()]);
});
afterEach(() => {
  collector.requests.length = 0;
});

async function tracedWork(protocol: 'http/json' | OtlpEncoding) {
  const obs = register({ endpoint: collector.url, apiKey: COLLECTOR_KEY, protocol, scheduledDelayMs: 0 });
  const openai = new OpenAI({ apiKey: OPENAI_KEY, baseURL: standIn.url, fetch: obs.fetch, maxRetries: 0 });
  await obs.tracer.chain(async function handle(request: { headers: Record<string, string> }) {
    // What an app might record about its own incoming request.
    const span = obs.tracer.startSpan('incoming');
    span.setAttributes({
      'http.request.header.cookie': [request.headers.cookie],
      'http.request.header.authorization': [request.headers.authorization],
      'url.full': `https://app.test/chat?api-key=${AZURE_KEY}&q=hello`,
      'app.note': 'Bearer MKSECRETuserToken8f3a9c2e',
    });
    span.recordException(new Error('upstream said: Bearer MKSECRETuserToken8f3a9c2e'));
    span.end();
    await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
    // Azure-style: the key in an api-key header and in the query.
    await obs.fetch(`${standIn.url}/chat/completions?api-key=${AZURE_KEY}`, {
      method: 'POST',
      headers: { 'api-key': AZURE_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hello' }] }),
    });
    return 'done';
  })({ headers: { cookie: COOKIE, authorization: `Bearer ${OPENAI_KEY}` } });
  await obs.shutdown();
  return obs.buffer.exportedSpans;
}

describe('no credential in any exported byte', () => {
  for (const protocol of ['http/json', httpProtobuf] as const) {
    const name = typeof protocol === 'string' ? protocol : protocol.protocol;
    it(`${name}: searches every payload for every secret`, async () => {
      expect(await tracedWork(protocol)).toBe(4);
      // The stand-in did receive the keys: the test would prove nothing otherwise.
      expect(standIn.requests.some((request) => request.headers.authorization === `Bearer ${OPENAI_KEY}`)).toBe(true);
      const payloads = collector.bodies();
      expect(payloads.length).toBeGreaterThan(0);
      for (const payload of payloads) {
        const text = payload.toString('latin1');
        for (const secret of SECRETS) expect(text, secret).not.toContain(secret);
      }
      // The collector key goes where it belongs: the collector's Authorization header, and nowhere else.
      expect(collector.requests.every((request) => request.headers.authorization === COLLECTOR_KEY)).toBe(true);
      if (typeof protocol === 'string') {
        const incoming = collector.acceptedSpans().find((span) => span.name === 'incoming');
        expect(incoming?.attributes).toMatchObject({
          'url.full': 'https://app.test/chat?api-key=__REDACTED__&q=hello',
          'app.note': 'Bearer __REDACTED__',
        });
        expect(incoming?.attributes).not.toHaveProperty('http.request.header.cookie');
      }
    });
  }
});

describe('the credential scrubber', () => {
  it('finds credentials inside text: bearer tokens, sk- keys, JSON header members', () => {
    expect(scrubText('failed: Bearer eyJhbGciOiJIUzI1NiJ9.e30.abc123')).toBe('failed: Bearer __REDACTED__');
    expect(scrubText('key sk-ant-api03-abcdefghijklmnopqrstuvwxyz012345 leaked')).toBe('key __REDACTED__ leaked');
    expect(scrubText('{"Cookie":"a=1; b=2","accept":"*/*"}')).toBe('{"Cookie":"__REDACTED__","accept":"*/*"}');
    expect(scrubText('{"api-key":"abc\\"def"}')).toBe('{"api-key":"__REDACTED__"}');
  });

  it('leaves prose alone', () => {
    for (const text of ['a basic question about bearer bonds', 'use sk-learn-model-selection-guide', 'token count']) {
      expect(scrubText(text)).toBe(text);
    }
    expect(scrubSecret('llm.token_count.total', 12)).toBe(12);
    expect(scrubSecret('http.response.header.set-cookie', ['a=1'])).toBeUndefined();
  });
});
