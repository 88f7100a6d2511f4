// Runs in Node before the workerd suite. Tests inside workerd cannot start servers, so this starts a
// small "lab" server on 127.0.0.1 through which each test file opens its own OTLP sink and OpenAI
// stand-in (the shared fixtures) and later reads what they received.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestProject } from 'vitest/node';
import { startAnthropicStandIn } from '../fixtures/anthropic-stand-in.js';
import { startGeminiStandIn } from '../fixtures/gemini-stand-in.js';
import { type StandIn, type StandInOptions, startOpenAiStandIn } from '../fixtures/openai-stand-in.js';
import { type OtlpSink, startOtlpSink } from '../fixtures/otlp-sink.js';
import type { ProviderStandIn } from '../fixtures/provider-stand-in.js';
import { startWorkersAiRestStandIn } from '../fixtures/workers-ai-stand-in.js';

// The provider stand-ins a workerd test can open: POST /providers/<kind>.
const PROVIDER_STAND_INS: Record<string, () => Promise<ProviderStandIn>> = {
  anthropic: startAnthropicStandIn,
  gemini: startGeminiStandIn,
  'workers-ai': startWorkersAiRestStandIn,
};

import { decodedRequests } from '../fixtures/workers/sink-bodies.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Base URL of the lab server started by test/workers/global-setup.ts. */
    labUrl: string;
  }
}

async function readJson(req: IncomingMessage): Promise<StandInOptions> {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text ? JSON.parse(text) : {};
}

function json(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const sinks: OtlpSink[] = [];
  const standIns: StandIn[] = [];
  const providers: ProviderStandIn[] = [];

  const server = createServer((req, res) => {
    const parts = new URL(req.url ?? '/', 'http://lab').pathname.split('/').filter(Boolean);
    const [collection, id, what, index] = parts;
    void (async () => {
      if (collection === 'plain') {
        // Any request under /plain: 200 "ok", for generic fetches that make no span.
        req.resume();
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
        return;
      }
      if (req.method === 'POST' && collection === 'sinks' && id === undefined) {
        const sink = await startOtlpSink();
        sinks.push(sink);
        return json(res, 200, { id: sinks.length - 1, url: sink.url });
      }
      if (req.method === 'POST' && collection === 'stand-ins' && id === undefined) {
        const standIn = await startOpenAiStandIn(await readJson(req));
        standIns.push(standIn);
        return json(res, 200, { id: standIns.length - 1, url: standIn.url });
      }
      if (req.method === 'POST' && collection === 'providers' && id !== undefined && what === undefined) {
        req.resume();
        const start = PROVIDER_STAND_INS[id];
        if (!start) return json(res, 404, { error: `no stand-in ${id}` });
        const provider = await start();
        providers.push(provider);
        return json(res, 200, { id: providers.length - 1, url: provider.url });
      }
      const provider = collection === 'providers' ? providers[Number(id)] : undefined;
      if (provider && what === 'requests') return json(res, 200, provider.requests);
      if (provider && what === 'sent' && index !== undefined) {
        res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(provider.sentBytes(Number(index)));
        return;
      }
      const sink = collection === 'sinks' ? sinks[Number(id)] : undefined;
      if (sink && what === 'spans') return json(res, 200, sink.spans());
      if (sink && what === 'requests') return json(res, 200, decodedRequests(sink));
      const standIn = collection === 'stand-ins' ? standIns[Number(id)] : undefined;
      if (standIn && what === 'requests') return json(res, 200, standIn.requests);
      if (standIn && what === 'gate-reached') return json(res, 200, { index: await standIn.gateReached() });
      if (standIn && what === 'release') {
        standIn.release();
        return json(res, 200, {});
      }
      if (standIn && what === 'sent' && index !== undefined) {
        res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(standIn.sentBytes(Number(index)));
        return;
      }
      json(res, 404, { error: `no route ${req.method} ${req.url}` });
    })().catch((error: unknown) => json(res, 500, { error: String(error) }));
  });
  // workerd pools connections; one that Node closes as idle just as workerd reuses it fails with
  // "Network connection lost". Node's 5 s default makes that likely under load, so keep them longer.
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  project.provide('labUrl', `http://127.0.0.1:${port}`);

  return async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await Promise.all([
      ...sinks.map((s) => s.close()),
      ...standIns.map((s) => s.close()),
      ...providers.map((p) => p.close()),
    ]);
  };
}
