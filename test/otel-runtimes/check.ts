import { expect } from 'vitest';
import type { OtlpSink } from '../fixtures/otlp-sink.js';
import type { ScenarioResult } from './scenario.js';

/** The scenario's spans arrived: the library's span under the turn, with the session, and the API saw the turn. */
export async function expectScenario(sink: OtlpSink, sessionId: string, result: ScenarioResult): Promise<void> {
  await expect.poll(() => sink.spans().filter((span) => span.attributes['session.id'] === sessionId).length).toBe(2);
  const spans = sink.spans().filter((span) => span.attributes['session.id'] === sessionId);
  const turn = spans.find((span) => span.name === 'turn');
  const work = spans.find((span) => span.name === 'library work');
  expect(result.contextFollowsAwait).toBe(true);
  expect(work?.parentSpanId).toBe(turn?.spanId);
  expect(work?.traceId).toBe(turn?.traceId);
  expect(result.activeSpanId).toBe(turn?.spanId);
  expect(result.headers.traceparent).toBe(`00-${turn?.traceId}-${turn?.spanId}-01`);
}
