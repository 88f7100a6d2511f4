import { describe, expect, it } from 'vitest';
import { syntheticTraceRequest } from '../../viewer/scripts/synthetic-spans.js';
import { MAX_ATTRIBUTE_CHARS, MAX_NAME_CHARS } from '../../viewer/src/otlp/value-limits.js';
import { type Json, startTestViewer } from './local-viewer.js';

// The limits an abuser meets: spans and bytes per ingest request, writes per token per minute when
// deployed, and how much of one value is stored.

const body = (traces: number, batch = 0) => JSON.stringify(syntheticTraceRequest({ batch, traces }));

describe('spans per request', () => {
  it('answers 413 over MAX_SPANS_PER_REQUEST and stores none of that request', async () => {
    const viewer = await startTestViewer({ bindings: { MAX_SPANS_PER_REQUEST: '6' } });
    try {
      expect((await viewer.post('/v1/traces', body(2))).status).toBe(200);
      const over = await viewer.post('/v1/traces', body(3, 1));
      expect(over.status).toBe(413);
      expect(await over.json()).toEqual({ code: 8, message: '9 spans in one request; the limit is 6' });
      expect(await viewer.count('spans')).toBe(6);
    } finally {
      await viewer.dispose();
    }
  });
});

describe('writes per token, when deployed', () => {
  const ratelimits = { INGEST_LIMITER: { simple: { limit: 3, period: 60 as const } } };

  it('answers 429 with Retry-After past the limit, keyed by the token', async () => {
    const viewer = await startTestViewer({ ratelimits, token: 'tok', bindings: { VIEWER_LOCAL: 'false' } });
    try {
      const send = (batch: number) => viewer.post('/v1/traces', body(1, batch), { authorization: 'Bearer tok' });
      for (let batch = 0; batch < 3; batch++) expect((await send(batch)).status).toBe(200);
      const limited = await send(3);
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('60');
      expect((await limited.json()).code).toBe(8);
      expect(await viewer.count('spans')).toBe(9);
      // Reads are not limited.
      expect((await fetch(`${viewer.url}/api/sessions`, { headers: { authorization: 'Bearer tok' } })).status).toBe(
        200,
      );
    } finally {
      await viewer.dispose();
    }
  });

  it('leaves a local run unlimited', async () => {
    const viewer = await startTestViewer({ ratelimits });
    try {
      for (let batch = 0; batch < 6; batch++)
        expect((await viewer.post('/v1/traces', body(1, batch))).status).toBe(200);
    } finally {
      await viewer.dispose();
    }
  });
});

describe('stored value length', () => {
  it(`keeps ${MAX_ATTRIBUTE_CHARS} characters of an attribute and ${MAX_NAME_CHARS} of a name or id, marked as cut`, async () => {
    const viewer = await startTestViewer();
    try {
      const request: Json = syntheticTraceRequest({ batch: 0, traces: 1 });
      const [root, chain] = request.resourceSpans[0].scopeSpans[0].spans;
      root.name = 'n'.repeat(5000);
      chain.attributes[0].value.stringValue = `s${'x'.repeat(5000)}`;
      chain.attributes.push({ key: 'input.value', value: { stringValue: 'y'.repeat(100_000) } });
      expect((await viewer.post('/v1/traces', JSON.stringify(request))).status).toBe(200);
      const sessionId = `s${'x'.repeat(MAX_NAME_CHARS - 1)}…[cut]`;
      const session = await viewer.get(`/api/sessions/${encodeURIComponent(sessionId)}`);
      const [turn] = session.turns;
      expect(turn.rootName).toBe(`${'n'.repeat(MAX_NAME_CHARS)}…[cut]`);
      const chat = turn.spans[0].children[0];
      expect(chat.attributes['input.value']).toBe(`${'y'.repeat(MAX_ATTRIBUTE_CHARS)}…[cut]`);
    } finally {
      await viewer.dispose();
    }
  });
});
