import { afterEach, describe, expect, it } from 'vitest';
import { type LlmObs, register } from '../../src/index.js';
import { collectingExporter } from '../fixtures/collecting-exporter.js';

let obs: LlmObs;
const exporter = collectingExporter();
afterEach(async () => {
  exporter.spans.length = 0;
  await obs?.shutdown();
});

async function flushed() {
  await obs.forceFlush();
  return exporter.spans;
}

describe('tracer.chain and the other span kinds', () => {
  it('names the span after the function and records input and output', async () => {
    obs = register({ exporter });
    const greet = obs.tracer.chain(function greet(name: string) {
      return `hello ${name}`;
    });
    expect(greet('Ada')).toBe('hello Ada');
    const [span] = await flushed();
    expect(span.name).toBe('greet');
    expect(span.attributes).toMatchObject({
      'openinference.span.kind': 'CHAIN',
      'input.value': 'Ada',
      'input.mime_type': 'text/plain',
      'output.value': 'hello Ada',
      'output.mime_type': 'text/plain',
    });
  });

  it('records several arguments and object results as JSON, and accepts an explicit name', async () => {
    obs = register({ exporter });
    const add = obs.tracer.tool('calculator', (a: number, b: number) => ({ sum: a + b }));
    expect(add(2, 3)).toEqual({ sum: 5 });
    const [span] = await flushed();
    expect(span.name).toBe('calculator');
    expect(span.attributes).toMatchObject({
      'openinference.span.kind': 'TOOL',
      'input.value': '[2,3]',
      'input.mime_type': 'application/json',
      'output.value': '{"sum":5}',
    });
  });

  it('gives each helper its OpenInference kind', async () => {
    obs = register({ exporter });
    const kinds = [
      'chain',
      'agent',
      'tool',
      'llm',
      'retriever',
      'embedding',
      'reranker',
      'guardrail',
      'evaluator',
    ] as const;
    for (const kind of kinds) obs.tracer[kind](function work() {})();
    const spans = await flushed();
    expect(spans.map((span) => span.attributes['openinference.span.kind'])).toEqual(kinds.map((k) => k.toUpperCase()));
  });

  it('marks a throwing function ERROR with an exception event and rethrows the same error', async () => {
    obs = register({ exporter });
    const boom = new TypeError('boom');
    const failing = obs.tracer.chain(function failing() {
      throw boom;
    });
    expect(() => failing()).toThrow(boom);
    const [span] = await flushed();
    expect(span.status).toEqual({ code: 2, message: 'boom' });
    expect(span.events[0].name).toBe('exception');
    expect(span.events[0].attributes).toMatchObject({ 'exception.type': 'TypeError', 'exception.message': 'boom' });
  });

  it('ends when a returned promise settles, keeps the promise, and rejects with the same error', async () => {
    obs = register({ exporter });
    const error = new Error('later');
    const rejecting = obs.tracer.agent(async function rejecting() {
      await new Promise((resolve) => setTimeout(resolve, 5));
      throw error;
    });
    await expect(rejecting()).rejects.toBe(error);
    const [span] = await flushed();
    expect(span.status.code).toBe(2);
    expect(span.endTime).toBeDefined();
  });

  it('nests spans: a wrapped function called inside another is its child', async () => {
    obs = register({ exporter });
    const inner = obs.tracer.retriever(async function inner() {
      await Promise.resolve();
      return ['doc'];
    });
    const outer = obs.tracer.chain(async function outer() {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return inner();
    });
    await outer();
    const spans = await flushed();
    const byName = Object.fromEntries(spans.map((span) => [span.name, span]));
    expect(byName.inner.parentSpanId).toBe(byName.outer.context.spanId);
    expect(byName.inner.context.traceId).toBe(byName.outer.context.traceId);
    expect(byName.outer.parentSpanId).toBeUndefined();
  });

  it('ends when a returned async iterable is exhausted, recording the streamed text', async () => {
    obs = register({ exporter });
    const stream = obs.tracer.llm(async function* stream() {
      yield 'Hel';
      yield 'lo';
    });
    const parts: string[] = [];
    for await (const part of stream()) parts.push(part);
    expect(parts).toEqual(['Hel', 'lo']);
    const [span] = await flushed();
    expect(span.attributes['output.value']).toBe('Hello');
  });
});

describe('async generators', () => {
  it('run their body inside the span, so spans started there are its children', async () => {
    obs = register({ exporter });
    const tool = obs.tracer.tool(async function lookUp() {
      return 'fact';
    });
    const stream = obs.tracer.chain(async function* stream() {
      await new Promise((resolve) => setTimeout(resolve, 1));
      yield await tool();
      yield '!';
    });
    const parts: string[] = [];
    for await (const part of stream()) parts.push(String(part));
    const spans = await flushed();
    const byName = Object.fromEntries(spans.map((span) => [span.name, span]));
    expect(parts).toEqual(['fact', '!']);
    expect(byName.lookUp.parentSpanId).toBe(byName.stream.context.spanId);
  });

  it('end with what was produced when the consumer stops early, and close the source', async () => {
    obs = register({ exporter });
    let closed = false;
    const stream = obs.tracer.chain(async function* stream() {
      try {
        yield 'a';
        yield 'b';
      } finally {
        closed = true;
      }
    });
    for await (const part of stream()) {
      expect(part).toBe('a');
      break;
    }
    const [span] = await flushed();
    expect(closed).toBe(true);
    expect(span.attributes['output.value']).toBe('["a"]');
  });
});
