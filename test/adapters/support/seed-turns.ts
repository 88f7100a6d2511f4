import { expect } from 'vitest';
import type { ReceivedSpan } from '../../fixtures/otlp-sink.js';

/** The seed recipe's two turns, sent with one session and one user. */
export const SEED_TURNS = ["What's the weather like for hiking?", 'And what should I pack?'] as const;

/** POSTs the seed's two turns to `{baseUrl}/chat` and returns the replies. */
export async function sendSeedTurns(baseUrl: string, sessionId: string, userId: string): Promise<string[]> {
  const replies: string[] = [];
  for (const message of SEED_TURNS) {
    const response = await fetch(`${baseUrl}/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-session-id': sessionId, 'x-user-id': userId },
      body: JSON.stringify({ message }),
    });
    expect(response.status).toBe(200);
    replies.push(((await response.json()) as { reply: string }).reply);
  }
  return replies;
}

/** One turn's spans: the request's root span, the CHAIN "chat" span and the LLM span, in that tree. */
export interface TurnTree {
  root: ReceivedSpan;
  chain: ReceivedSpan;
  llm: ReceivedSpan;
  /** The other spans under the root (`options.besideChat`), by name. */
  beside: Record<string, ReceivedSpan>;
}

/**
 * Checks the spans of one session: `turns` traces, each a root span named `rootName`, a CHAIN span
 * `chat` under it and an LLM span under that; every span with the session, user and
 * `{"channel":"web"}` metadata. Returns the trees in the order the turns started.
 */
export function expectSeedTraces(
  spans: readonly ReceivedSpan[],
  sessionId: string,
  userId: string,
  options: { turns?: number; rootName?: string; besideChat?: readonly string[] } = {},
): TurnTree[] {
  const besideChat = options.besideChat ?? [];
  const rootName = options.rootName ?? 'POST /chat';
  const mine = spans.filter((span) => span.attributes['session.id'] === sessionId);
  const roots = mine
    .filter((span) => !span.parentSpanId || !mine.some((s) => s.spanId === span.parentSpanId))
    .sort((a, b) => Number(BigInt(a.startTimeUnixNano) - BigInt(b.startTimeUnixNano)));
  expect(roots.map((root) => root.name)).toEqual(Array(options.turns ?? 2).fill(rootName));
  const trees = roots.map((root) => {
    const trace = mine.filter((span) => span.traceId === root.traceId);
    expect(trace).toHaveLength(3 + besideChat.length);
    const children = trace.filter((span) => span.parentSpanId === root.spanId);
    expect(children.map((span) => span.name).sort()).toEqual(['chat', ...besideChat].sort());
    const chain = children.find((span) => span.name === 'chat');
    const llm = trace.find((span) => chain && span.parentSpanId === chain.spanId);
    expect(chain?.name).toBe('chat');
    expect(root.parentSpanId ?? '').toBe('');
    expect(root.attributes['openinference.span.kind']).toBe('CHAIN');
    expect(chain?.attributes['openinference.span.kind']).toBe('CHAIN');
    expect(llm?.attributes['openinference.span.kind']).toBe('LLM');
    for (const span of trace) {
      expect(span.attributes, span.name).toMatchObject({
        'session.id': sessionId,
        'user.id': userId,
        metadata: '{"channel":"web"}',
      });
      expect(span.status.code ?? 0, span.name).not.toBe(2);
    }
    const beside = Object.fromEntries(children.map((span) => [span.name, span]));
    return { root, chain: chain!, llm: llm!, beside };
  });
  expect(new Set(trees.map((tree) => tree.root.traceId)).size).toBe(trees.length);
  return trees;
}
