// The Worker the workerd chaos suite runs (bundled by esbuild from ../../src/index.ts): each
// /chat request answers the OpenAI echo and flushes its trace in ctx.waitUntil, as the adapters do.
// /configure registers a fresh instance for the next case; /stats reports what the flushes did.
import { type LlmObs, type RegisterOptions, register } from '../../src/index.js';
import { CHAOS_EXPORT, chatTurn } from './scenario.js';

interface Env {
  COLLECTOR_URL: string;
  STAND_IN_URL: string;
}

interface WaitUntil {
  waitUntil(promise: Promise<unknown>): void;
}

interface Counters {
  exportedSpans: number;
  requests: number;
  attempts: number;
  retries: number;
}

let obs: LlmObs | undefined;
let flushes: { ms: number; exported: number; dropped: number }[] = [];
const unhandled: string[] = [];
let exportWarnings = 0;

addEventListener('unhandledrejection', (event) => {
  unhandled.push(String((event as PromiseRejectionEvent).reason));
});
const warn = console.warn.bind(console);
console.warn = (...args: unknown[]) => {
  if (String(args[0]).includes('could not export')) exportWarnings++;
  warn(...args);
};

function stats(current: LlmObs) {
  const buffer = current.buffer;
  return {
    flushes,
    unhandled,
    exportWarnings,
    buffer: {
      size: buffer.size,
      inFlight: buffer.inFlight,
      droppedSpans: buffer.droppedSpans,
      exportedSpans: buffer.exportedSpans,
      pausedFor: Math.max(0, buffer.pausedUntil - Date.now()),
    },
    exporter: (buffer.exporter as unknown as { stats: Counters }).stats,
  };
}

export default {
  async fetch(request: Request, env: Env, ctx: WaitUntil): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === '/configure') {
      const options = JSON.parse(url.searchParams.get('options') ?? '{}') as RegisterOptions;
      obs = register({ serviceName: 'chaos-workerd', endpoint: env.COLLECTOR_URL, ...CHAOS_EXPORT, ...options });
      flushes = [];
      unhandled.length = 0;
      exportWarnings = 0;
      return Response.json({ configured: true });
    }
    const current = obs;
    if (!current) return new Response('not configured', { status: 500 });
    if (url.pathname === '/stats') return Response.json(stats(current));
    const turn = await chatTurn(current, env.STAND_IN_URL, url.searchParams.get('m') ?? '');
    ctx.waitUntil(
      (async () => {
        const started = Date.now();
        const result = await current.forceFlush({ traceId: turn.traceId });
        flushes.push({ ...result, ms: Date.now() - started });
      })(),
    );
    return new Response(turn.text, { status: turn.status });
  },
};
