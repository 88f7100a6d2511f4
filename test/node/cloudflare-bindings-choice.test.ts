// Which env bindings carry the context (propagateToBindings). Bindings here are stand-ins: objects
// whose Symbol.toStringTag names workerd's class (Fetcher), because workerd's own binding objects
// exist only inside workerd; test/miniflare/bindings.test.ts covers the real ones.
import { describe, expect, it } from 'vitest';
import { bindingsWithContext } from '../../src/adapters/cloudflare/index.js';
import { register } from '../../src/index.js';
import { collectingExporter } from '../fixtures/collecting-exporter.js';

/** A service binding stand-in that records the headers of each fetch. */
function fetcher() {
  const seen: Headers[] = [];
  return {
    seen,
    [Symbol.toStringTag]: 'Fetcher',
    async fetch(input: RequestInfo | URL, init?: RequestInit) {
      seen.push(new Request(input, init).headers);
      return new Response('ok');
    },
  };
}

describe('propagateToBindings', () => {
  const obs = register({ serviceName: 'choice', exporter: collectingExporter() });

  async function callBoth(options: { propagateToBindings?: boolean | string[] }) {
    const env = { A: fetcher(), B: fetcher(), KEY: 'value' };
    const scope = obs.scope();
    await scope.usingSession('sess-1', () =>
      scope.tracer.startActiveSpan('caller', async (span) => {
        const traced = bindingsWithContext(env, scope, options);
        expect(traced.KEY).toBe('value');
        await traced.A.fetch('https://a.internal/');
        await traced.B.fetch('https://b.internal/', { headers: { traceparent: 'mine' } });
        span.end();
      }),
    );
    return { a: env.A.seen[0], b: env.B.seen[0] };
  }

  it('sends the context to every binding by default, never over a header the caller set', async () => {
    const { a, b } = await callBoth({});
    expect(a.get('traceparent')).toMatch(/^00-/);
    expect(a.get('baggage')).toBe('session.id=sess-1');
    expect(b.get('traceparent')).toBe('mine');
    expect(b.get('baggage')).toBe('session.id=sess-1');
  });

  it('sends it only to the bindings listed', async () => {
    const { a, b } = await callBoth({ propagateToBindings: ['B'] });
    expect(a.get('traceparent')).toBeNull();
    expect(a.get('baggage')).toBeNull();
    expect(b.get('baggage')).toBe('session.id=sess-1');
  });

  it('sends it nowhere with false', async () => {
    const { a, b } = await callBoth({ propagateToBindings: false });
    expect(a.get('baggage')).toBeNull();
    expect(b.get('baggage')).toBeNull();
  });

  it('returns a frozen binding as it is', () => {
    const env = Object.freeze({ A: fetcher() });
    expect(bindingsWithContext(env, obs.scope()).A).toBe(env.A);
  });
});
