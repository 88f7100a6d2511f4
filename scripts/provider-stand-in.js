// A real HTTP server on 127.0.0.1 for the provider stand-ins (types in provider-stand-in.d.ts) (Anthropic, Gemini, Workers AI REST):
// it records every request and the exact bytes it sent back, and answers with what the provider's
// shape module computes from the request. Streams are written one event per write.
import { createServer } from 'node:http';

/**
 * Starts a stand-in whose answers `reply` computes from each request.
 * @param {(call: import('./provider-stand-in.d.ts').RecordedCall) => import('./provider-stand-in.d.ts').StandInReply} reply
 * @param {{ port?: number }} [options] TCP port on 127.0.0.1; 0 (the default) picks a free one.
 * @returns {Promise<import('./provider-stand-in.d.ts').ProviderStandIn>}
 */
export async function startProviderStandIn(reply, options = {}) {
  /** @type {import('./provider-stand-in.d.ts').RecordedCall[]} */
  const requests = [];
  /** @type {Buffer[][]} */
  const sent = [];
  const server = createServer(async (req, res) => {
    /** @type {Buffer[]} */
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const bodyText = Buffer.concat(chunks).toString('utf8');
    let body;
    try {
      body = JSON.parse(bodyText);
    } catch {
      body = undefined;
    }
    const url = req.url ?? '/';
    const call = {
      method: req.method ?? 'GET',
      url,
      path: new URL(url, 'http://stand-in').pathname,
      headers: { ...req.headers },
      bodyText,
      body,
    };
    requests.push(call);
    /** @type {Buffer[]} */
    const out = [];
    sent.push(out);
    const answer = reply(call);
    const write = (/** @type {string} */ text) =>
      new Promise((resolve) => {
        const bytes = Buffer.from(text, 'utf8');
        out.push(bytes);
        res.write(bytes, () => resolve(undefined));
      });
    if (answer.events) {
      res.writeHead(answer.status ?? 200, { 'content-type': 'text/event-stream; charset=utf-8', ...answer.headers });
      for (const event of answer.events) {
        await write(event);
        await new Promise((resolve) => setImmediate(resolve));
      }
      res.end();
      return;
    }
    res.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers });
    await write(JSON.stringify(answer.json ?? {}));
    res.end();
  });
  server.keepAliveTimeout = 60_000;
  await new Promise((resolve) => server.listen(options.port ?? 0, '127.0.0.1', () => resolve(undefined)));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    sentBytes: (index) => new Uint8Array(Buffer.concat(sent[index] ?? [])),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve(undefined));
      }),
  };
}
