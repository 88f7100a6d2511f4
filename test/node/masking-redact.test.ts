// The user's redact hook: called once per span before export, after the switches; may rewrite, drop a
// span (null), and fails closed (a throwing hook drops the span). Credentials are scrubbed after it.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { register } from '../../src/index.js';
import type { RedactHook } from '../../src/pipeline/prepare/prepare-for-export.js';
import { collectingExporter } from '../fixtures/collecting-exporter.js';

async function run(redact: RedactHook, record: (obs: ReturnType<typeof register>) => void) {
  const exporter = collectingExporter();
  const obs = register({ exporter, scheduledDelayMs: 0, redact, traceConfig: { hideInputs: true } });
  record(obs);
  await obs.forceFlush();
  return { exporter, obs };
}

afterEach(() => vi.restoreAllMocks());

describe('the redact hook', () => {
  it('sees the attributes after the switches and the span, and may rewrite them', async () => {
    const seen: unknown[] = [];
    const { exporter } = await run(
      (attributes, span) => {
        seen.push([span.name, { ...attributes }]);
        const { 'user.id': user, ...rest } = attributes;
        return { ...rest, 'user.id': `hash:${String(user).length}` };
      },
      (obs) =>
        obs.tracer.startSpan('turn', { attributes: { 'input.value': 'secret question', 'user.id': 'alice' } }).end(),
    );
    expect(seen).toEqual([['turn', { 'input.value': '__REDACTED__', 'user.id': 'alice' }]]);
    expect(exporter.spans[0].attributes).toEqual({ 'input.value': '__REDACTED__', 'user.id': 'hash:5' });
  });

  it('may change attributes in place and return nothing', async () => {
    const { exporter } = await run(
      (attributes) => {
        delete attributes['user.id'];
        return undefined;
      },
      (obs) => obs.tracer.startSpan('turn', { attributes: { 'user.id': 'alice', keep: 1 } }).end(),
    );
    expect(exporter.spans[0].attributes).toEqual({ keep: 1 });
  });

  it('drops a span when it returns null, and counts it', async () => {
    const { exporter, obs } = await run(
      (attributes, span) => (span.name === 'health-check' ? null : attributes),
      (obs) => {
        obs.tracer.startSpan('health-check').end();
        obs.tracer.startSpan('turn').end();
      },
    );
    expect(exporter.spans.map((span) => span.name)).toEqual(['turn']);
    expect(obs.buffer.redactedSpans).toBe(1);
  });

  it('fails closed: a hook that throws drops the span, warns once, and never throws into span.end()', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { exporter, obs } = await run(
      () => {
        throw new Error('hook bug');
      },
      (obs) => {
        for (let i = 0; i < 3; i++) expect(() => obs.tracer.startSpan('turn').end()).not.toThrow();
      },
    );
    expect(exporter.spans).toEqual([]);
    expect(obs.buffer.redactedSpans).toBe(3);
    expect(warn.mock.calls.filter(([text]) => String(text).includes('redact hook'))).toHaveLength(1);
  });

  it('cannot put a credential back: scrubbing runs after it', async () => {
    const { exporter } = await run(
      (attributes) => ({
        ...attributes,
        'http.request.header.authorization': 'Bearer sk-hook',
        note: 'Bearer sk-live0123456789abcdefghij',
      }),
      (obs) => obs.tracer.startSpan('turn').end(),
    );
    expect(exporter.spans[0].attributes).toEqual({ note: 'Bearer __REDACTED__' });
  });
});
