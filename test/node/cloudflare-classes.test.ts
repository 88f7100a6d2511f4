// instrumentEntrypoint and instrumentDurableObject on plain classes in Node: the class machinery
// does not depend on workerd (test/miniflare/bindings.test.ts runs it there). What is checked here:
// which caller baggage is trusted, errors and results passed through, the class left as it was.
import { describe, expect, it } from 'vitest';
import { instrumentDurableObject, instrumentEntrypoint, withLlmObs } from '../../src/adapters/cloudflare/index.js';
import { rpcArgument } from '../../src/adapters/cloudflare/trace-carrier.js';
import { collectingExporter } from '../fixtures/collecting-exporter.js';

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const BAGGAGE = 'session.id=sess-caller,user.id=user-caller';

/** A ctx whose waitUntil promises the test can await. */
function executionContext() {
  const pending: Promise<unknown>[] = [];
  return { pending, waitUntil: (promise: Promise<unknown>) => void pending.push(promise) };
}

class Moderation {
  static readonly version = 3;
  readonly ctx: unknown;
  constructor(ctx: unknown, _env: unknown) {
    this.ctx = ctx;
  }
  async check(text: string, ...rest: unknown[]): Promise<{ ok: boolean; rest: number }> {
    return { ok: !text.includes('forbidden'), rest: rest.length };
  }
  fail(): never {
    throw new TypeError('no such verdict');
  }
  version(): number {
    return Moderation.version;
  }
  fetch(_request: Request): Response {
    return new Response('fetched');
  }
}

describe('instrumentEntrypoint', () => {
  it('keeps the class: name, statics, instanceof, constructor fields', () => {
    const Traced = instrumentEntrypoint(Moderation, { serviceName: 'x', exporter: collectingExporter() });
    const ctx = executionContext();
    const instance = new Traced(ctx, {});
    expect(Traced.name).toBe('Moderation');
    expect(Traced.version).toBe(3);
    expect(instance).toBeInstanceOf(Moderation);
    expect(instance.ctx).toBe(ctx);
  });

  it("joins the caller's trace on RPC, with its session and user, and hides the carrier argument", async () => {
    const exporter = collectingExporter();
    const Traced = instrumentEntrypoint(Moderation, { serviceName: 'x', exporter });
    const ctx = executionContext();
    const carrier = rpcArgument({ traceparent: TRACEPARENT, baggage: BAGGAGE });
    expect(await new Traced(ctx, {}).check('hello', carrier)).toEqual({ ok: true, rest: 0 });
    await Promise.all(ctx.pending);
    const [span] = exporter.spans;
    expect(span.name).toBe('Moderation.check');
    expect(span.context.traceId).toBe(TRACEPARENT.slice(3, 35));
    expect(span.parentSpanId).toBe(TRACEPARENT.slice(36, 52));
    expect(span.attributes).toMatchObject({
      'session.id': 'sess-caller',
      'user.id': 'user-caller',
      'rpc.method': 'check',
    });
  });

  it('keeps a method that returns synchronously synchronous', async () => {
    const exporter = collectingExporter();
    const Traced = instrumentEntrypoint(Moderation, { serviceName: 'x', exporter });
    const ctx = executionContext();
    expect(new Traced(ctx, {}).version()).toBe(3);
    await Promise.all(ctx.pending);
    expect(exporter.spans.map((span) => span.name)).toEqual(['Moderation.version']);
  });

  it('passes an error through as it was thrown (synchronously here) and records it', async () => {
    const exporter = collectingExporter();
    const Traced = instrumentEntrypoint(Moderation, { serviceName: 'x', exporter });
    const ctx = executionContext();
    const instance = new Traced(ctx, {});
    expect(() => instance.fail()).toThrow(new TypeError('no such verdict'));
    await Promise.all(ctx.pending);
    expect(exporter.spans[0].status).toMatchObject({ code: 2, message: 'no such verdict' });
  });

  it.each([
    { trust: undefined, session: undefined },
    { trust: true, session: 'sess-caller' },
  ])('takes the session from a fetch baggage only when trusted ($trust)', async ({ trust, session }) => {
    const exporter = collectingExporter();
    const Traced = instrumentEntrypoint(Moderation, { serviceName: 'x', exporter, trustIncomingBaggage: trust });
    const ctx = executionContext();
    const request = new Request('https://moderation.example/check', {
      headers: { traceparent: TRACEPARENT, baggage: BAGGAGE },
    });
    const response = await new Traced(ctx, {}).fetch(request);
    expect(await response.text()).toBe('fetched');
    await Promise.all(ctx.pending);
    const [span] = exporter.spans;
    expect(span.name).toBe('Moderation GET /check');
    expect(span.parentSpanId).toBe(TRACEPARENT.slice(36, 52));
    expect(span.attributes['session.id']).toBe(session);
  });
});

describe('instrumentDurableObject', () => {
  it('takes a config function of the env, called once per class', async () => {
    const exporter = collectingExporter();
    const seen: unknown[] = [];
    const Traced = instrumentDurableObject(Moderation, (env: { NAME: string }) => {
      seen.push(env);
      return { serviceName: env.NAME, exporter };
    });
    const ctx = executionContext();
    await new Traced(ctx, { NAME: 'history' }).check('a');
    await new Traced(ctx, { NAME: 'other' }).check('b');
    await Promise.all(ctx.pending);
    expect(seen).toEqual([{ NAME: 'history' }]);
    expect(exporter.spans.map((span) => span.name)).toEqual(['Moderation.check', 'Moderation.check']);
    // Without a caller, each call is a trace of its own.
    expect(exporter.spans[0].parentSpanId).toBeUndefined();
  });

  it('shares one tracing instance with the Worker given the same config', async () => {
    const exporter = collectingExporter();
    let made = 0;
    const config = () => {
      made++;
      return { serviceName: 'chat-app', exporter };
    };
    const Traced = instrumentDurableObject(Moderation, config);
    const worker = withLlmObs({ fetch: () => new Response('ok') }, config);
    const ctx = executionContext();
    await worker.fetch(new Request('https://chat.example/'), {}, ctx);
    await new Traced(ctx, {}).check('a');
    await Promise.all(ctx.pending);
    expect(made).toBe(1);
    expect(exporter.spans.map((span) => span.name).sort()).toEqual(['GET /', 'Moderation.check']);
  });
});
