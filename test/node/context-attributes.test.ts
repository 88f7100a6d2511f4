import { afterEach, describe, expect, it } from 'vitest';
import {
  type LlmObs,
  register,
  suppressTracing,
  usingAttributes,
  usingMetadata,
  usingSession,
  usingTags,
} from '../../src/index.js';
import { collectingExporter } from '../fixtures/collecting-exporter.js';
import { usingEveryContext } from '../fixtures/every-context.js';

let obs: LlmObs | undefined;
afterEach(async () => {
  await obs?.shutdown();
});

function setUp() {
  const exporter = collectingExporter();
  obs = register({ serviceName: 'context-test', exporter });
  return { obs, exporter };
}

describe('using* helpers', () => {
  it('put session, user, metadata, tags and prompt template on every span inside the block', async () => {
    const { obs, exporter } = setUp();
    const result = await usingEveryContext(
      {
        sessionId: 'sess-1',
        userId: 'user-1',
        metadata: { channel: 'web', n: 1 },
        tags: ['beta', 'mobile'],
        promptTemplate: { template: 'Hi {name}', variables: { name: 'Ada' }, version: 'v2' },
      },
      async () => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        return obs.tracer.chain(async function answer() {
          return 'done';
        })();
      },
    );
    await obs.forceFlush();
    expect(result).toBe('done');
    expect(exporter.spans).toHaveLength(1);
    expect(exporter.spans[0].attributes).toMatchObject({
      'session.id': 'sess-1',
      'user.id': 'user-1',
      metadata: '{"channel":"web","n":1}',
      'tag.tags': ['beta', 'mobile'],
      'llm.prompt_template.template': 'Hi {name}',
      'llm.prompt_template.variables': '{"name":"Ada"}',
      'llm.prompt_template.version': 'v2',
    });
  });

  it('lets the inner block win for the same key and restores the outer value after it', async () => {
    const { obs, exporter } = setUp();
    const span = (name: string) => obs.tracer.startSpan(name).end();
    usingAttributes({ sessionId: 'outer', userId: 'u' }, () => {
      usingSession('inner', () => span('inside'));
      span('after');
    });
    span('outside');
    await obs.forceFlush();
    const byName = Object.fromEntries(exporter.spans.map((s) => [s.name, s.attributes]));
    expect(byName.inside['session.id']).toBe('inner');
    expect(byName.inside['user.id']).toBe('u');
    expect(byName.after['session.id']).toBe('outer');
    expect(byName.outside['session.id']).toBeUndefined();
  });

  it('return the block result synchronously for a sync block', () => {
    setUp();
    expect(usingSession('s', () => 42)).toBe(42);
  });

  it('record nothing inside suppressTracing, fetch spans included', async () => {
    const { obs, exporter } = setUp();
    const traced = obs.tracer.chain(function traced() {
      return 1;
    });
    expect(suppressTracing(() => traced())).toBe(1);
    await obs.forceFlush();
    expect(exporter.spans).toHaveLength(0);
  });
});

describe('bad input to the using* helpers', () => {
  it('cleans, truncates or ignores odd ids instead of throwing', async () => {
    const { obs, exporter } = setUp();
    const idOf = async (id: unknown) => {
      usingAttributes({ sessionId: id as string, userId: id as string }, () => obs.tracer.startSpan('span').end());
      await obs.forceFlush();
      return exporter.spans.at(-1)?.attributes['session.id'];
    };
    expect(await idOf('ok')).toBe('ok');
    expect(await idOf('a\nb\u0000c')).toBe('abc');
    expect(await idOf('  padded  ')).toBe('padded');
    expect(await idOf('x'.repeat(300))).toBe('x'.repeat(256));
    expect(await idOf(42)).toBe('42');
    expect(await idOf('')).toBeUndefined();
    expect(await idOf({})).toBeUndefined();
    expect(await idOf(null)).toBeUndefined();
  });

  it('records metadata with cycles, bigints and functions as far as JSON allows', async () => {
    const { obs, exporter } = setUp();
    const cyclic: Record<string, unknown> = { name: 'loop', big: 10n, fn: () => 1 };
    cyclic.self = cyclic;
    usingMetadata(cyclic, () => obs.tracer.startSpan('meta').end());
    await obs.forceFlush();
    expect(JSON.parse(String(exporter.spans[0].attributes.metadata))).toEqual({
      name: 'loop',
      big: '10',
      self: '[Circular]',
    });
  });

  it('keeps string tags, turns numbers into strings and drops the rest', async () => {
    const { obs, exporter } = setUp();
    usingTags(['a', 7, null, { b: 1 }] as unknown as string[], () => obs.tracer.startSpan('tags').end());
    await obs.forceFlush();
    expect(exporter.spans[0].attributes['tag.tags']).toEqual(['a', '7']);
  });
});
