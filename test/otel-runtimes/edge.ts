// The edge-runtime sandbox (Vercel Edge): a fetch event runs the scenario with the
// AsyncLocalStorage the test injects, as Vercel provides it.
import { runScenario } from './scenario.js';

declare const process: { env: Record<string, string> };
declare function addEventListener(
  type: 'fetch',
  listener: (event: { request: Request; respondWith(response: Promise<Response>): void }) => void,
): void;

addEventListener('fetch', (event) => {
  const session = new URL(event.request.url).searchParams.get('session') ?? '';
  event.respondWith(runScenario(process.env.OTLP_ENDPOINT, session).then((result) => Response.json(result)));
});
