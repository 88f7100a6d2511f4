// The bench's local servers on 127.0.0.1: a minimal OpenAI chat stand-in (plain and streamed) and an
// OTLP collector that counts what it receives. They run in a child process (startServers) so their
// work never shares an event loop with the process taking the measurements.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPLY = 'Your order ships tomorrow; repairs take two days.';
const STREAM_PIECES = ['Your', ' order', ' ships', ' tomorrow;', ' repairs', ' take', ' two', ' days.'];

function completion(body) {
  return {
    id: 'chatcmpl-bench',
    object: 'chat.completion',
    created: 1_760_000_000,
    model: `${body.model}-2024-07-18`,
    choices: [{ index: 0, message: { role: 'assistant', content: REPLY, refusal: null }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 980, completion_tokens: 12, total_tokens: 992 },
    system_fingerprint: 'fp_bench',
  };
}

function chunk(body, delta, finishReason = null) {
  return {
    id: 'chatcmpl-bench',
    object: 'chat.completion.chunk',
    created: 1_760_000_000,
    model: `${body.model}-2024-07-18`,
    choices: [{ index: 0, delta, finish_reason: finishReason }],
  };
}

/** The SSE events of a streamed chat answer: role, content pieces, finish, usage if asked. */
function streamEvents(body) {
  const events = [chunk(body, { role: 'assistant', content: '' })];
  for (const piece of STREAM_PIECES) events.push(chunk(body, { content: piece }));
  events.push(chunk(body, {}, 'stop'));
  if (body.stream_options?.include_usage) {
    events.push({ ...chunk(body, {}), choices: [], usage: completion(body).usage });
  }
  return events.map((event) => `data: ${JSON.stringify(event)}\n\n`).concat('data: [DONE]\n\n');
}

async function readBody(request) {
  const chunks = [];
  for await (const piece of request) chunks.push(piece);
  return Buffer.concat(chunks);
}

// Events after the first are written one event-loop turn apart, as a server flushing tokens would.
function nextTurn() {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Starts the OpenAI stand-in; resolves with its base URL (ending in /v1) and a close function. */
export async function startOpenAiStandIn() {
  const server = createServer(async (request, response) => {
    const raw = await readBody(request);
    if (request.method !== 'POST' || !request.url.endsWith('/chat/completions')) {
      response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found"}}');
      return;
    }
    const body = JSON.parse(raw.toString('utf8'));
    if (!body.stream) {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(completion(body)));
      return;
    }
    response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
    for (const [index, event] of streamEvents(body).entries()) {
      if (index > 0) await nextTurn();
      response.write(event);
    }
    response.end();
  });
  return listen(server, '/v1');
}

/**
 * Starts a collector that accepts any POST (OTLP /v1/traces, Langfuse ingestion) and counts requests
 * and bytes per first path segment, so each traced variant can have its own prefix. GET /stats
 * answers the counts.
 */
export async function startCollector() {
  const counts = {};
  const server = createServer(async (request, response) => {
    if (request.method === 'GET' && request.url === '/stats') {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(counts));
      return;
    }
    const body = await readBody(request);
    const prefix = request.url.split('/')[1] ?? '';
    counts[prefix] ??= { requests: 0, bytes: 0 };
    counts[prefix].requests++;
    counts[prefix].bytes += body.length;
    response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  return listen(server, '');
}

function listen(server, path) {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({
        url: `http://127.0.0.1:${port}${path}`,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

/** A URL on 127.0.0.1 where nothing listens: the collector that is down. */
export async function closedPortUrl() {
  const server = createServer();
  const { url, close } = await listen(server, '');
  await close();
  return url;
}

/**
 * Starts both servers in a child process. Resolves with their URLs, `stats()` (the collector's counts)
 * and `close()`.
 */
export function startServers() {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url)], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let buffered = '';
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`bench servers exited early (${code})`)));
    child.stdout.on('data', (data) => {
      buffered += data;
      const newline = buffered.indexOf('\n');
      if (newline < 0) return;
      child.removeAllListeners('exit');
      const urls = JSON.parse(buffered.slice(0, newline));
      resolve({
        ...urls,
        stats: async () => (await fetch(`${urls.collectorUrl}/stats`)).json(),
        close: () =>
          new Promise((done) => {
            child.once('exit', () => done());
            child.kill();
          }),
      });
    });
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const openAi = await startOpenAiStandIn();
  const collector = await startCollector();
  process.stdout.write(`${JSON.stringify({ openAiUrl: openAi.url, collectorUrl: collector.url })}\n`);
}
