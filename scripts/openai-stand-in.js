// A local stand-in for the OpenAI API: a real HTTP server on 127.0.0.1 that answers
// /v1/chat/completions, /v1/responses, /v1/embeddings and /v1/completions with OpenAI's shapes,
// plain or streamed, records each request and the exact bytes it sent back, and can hold a stream
// after its first event until a test releases it.
//
// Run it alone with `node scripts/openai-stand-in.js` (PORT, default 4010) and point an OpenAI
// client at the printed base URL. Tests import it through test/fixtures/openai-stand-in.ts.
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import { chatReply, completionsReply } from './openai-stand-in-chat.js';
import { embeddingsReply, responsesReply } from './openai-stand-in-responses.js';
import { errorBody } from './openai-stand-in-shapes.js';

/** @typedef {import('./openai-stand-in.d.ts').StandInOptions} StandInOptions */
/** @typedef {import('./openai-stand-in.d.ts').StandIn} StandIn */
/** @typedef {import('./openai-stand-in.d.ts').RecordedRequest} RecordedRequest */
/** @typedef {import('./openai-stand-in-responses.js').StandInReply} StandInReply */

const ROUTES = {
  '/v1/chat/completions': chatReply,
  '/v1/responses': responsesReply,
  '/v1/embeddings': embeddingsReply,
  '/v1/completions': completionsReply,
};

/**
 * Starts the stand-in.
 * @param {StandInOptions} [options]
 * @returns {Promise<StandIn>}
 */
export async function startOpenAiStandIn(options = {}) {
  const lineEnding = options.lineEnding ?? '\n';
  /** @type {RecordedRequest[]} */
  const requests = [];
  /** @type {Buffer[][]} */
  const sent = [];
  const gate = createGate();
  // The event index a stream is held before: `streamGate: true` holds after the first event.
  const gateAt = options.streamGate === true ? 1 : options.streamGate || -1;

  const server = createServer(async (req, res) => {
    const index = requests.length;
    /** @type {Buffer[]} */
    const chunks = [];
    sent.push([]);
    /** @type {RecordedRequest} */
    const record = {
      index,
      method: req.method ?? 'GET',
      path: new URL(req.url ?? '/', 'http://stand-in').pathname,
      url: req.url ?? '/',
      headers: { ...req.headers },
      bodyText: '',
      body: undefined,
      status: 0,
      closedByClient: false,
    };
    requests.push(record);
    // A client that cancels its body closes the connection before the answer ends.
    res.on('close', () => {
      record.closedByClient = !res.writableFinished;
    });
    for await (const chunk of req) chunks.push(chunk);
    record.bodyText = Buffer.concat(chunks).toString('utf8');
    try {
      record.body = JSON.parse(record.bodyText);
    } catch {
      record.body = undefined;
    }
    /** @param {string | Uint8Array} bytes */
    const write = (bytes) => {
      const buffer = Buffer.from(bytes);
      sent[index].push(buffer);
      return new Promise((resolve) => res.write(buffer, () => resolve(undefined)));
    };
    const reply = answer(record);
    record.status = reply.status;
    const headers = {
      'x-request-id': `req_standin${index}`,
      'openai-version': '2020-10-01',
      'openai-processing-ms': '1',
    };
    if (!('events' in reply)) {
      res.writeHead(reply.status, { ...headers, 'content-type': 'application/json' });
      await write(JSON.stringify(reply.json));
      res.end();
      return;
    }
    res.writeHead(200, { ...headers, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
    for (let i = 0; i < reply.events.length; i++) {
      if (i === gateAt) await gate.wait(index);
      else if (i > 0) await pause(options.chunkDelayMs ?? 0);
      if (options.keepAliveComments && i > 0) await write(`: keep-alive${lineEnding}${lineEnding}`);
      const { event, data } = reply.events[i];
      const lines = event === undefined ? [`data: ${data}`] : [`event: ${event}`, `data: ${data}`];
      await write(lines.join(lineEnding) + lineEnding + lineEnding);
    }
    res.end();
  });
  // Outlive workerd's idle keep-alive: Node's 5 s default closes sockets workerd is about to reuse.
  server.keepAliveTimeout = 60_000;
  await new Promise((resolve) => server.listen(options.port ?? 0, '127.0.0.1', () => resolve(undefined)));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    sentBytes: (i) => new Uint8Array(Buffer.concat(sent[i] ?? [])),
    sentText: (i) => Buffer.concat(sent[i] ?? []).toString('utf8'),
    release: () => gate.release(),
    gateReached: () => gate.reached(),
    close: () =>
      new Promise((resolve) => {
        gate.releaseAll();
        server.closeAllConnections();
        server.close(() => resolve(undefined));
      }),
  };
}

/**
 * @param {RecordedRequest} record
 * @returns {StandInReply}
 */
function answer(record) {
  const handler = ROUTES[/** @type {keyof typeof ROUTES} */ (record.path)];
  if (record.method !== 'POST' || handler === undefined) {
    const json = errorBody(400, '');
    json.error.message = `Invalid URL (${record.method} ${record.path})`;
    return { status: 404, json };
  }
  if (typeof record.body !== 'object' || record.body === null) {
    const json = errorBody(400, '');
    json.error.message = 'We could not parse the JSON body of your request.';
    return { status: 400, json };
  }
  return handler(/** @type {Record<string, any>} */ (record.body), record.index);
}

/** @param {number} ms */
function pause(ms) {
  return new Promise((resolve) => (ms > 0 ? setTimeout(resolve, ms) : setImmediate(resolve)));
}

// Streams wait at the gate after their first event; each release() lets one stream on (or lets the
// next stream that arrives pass, when none is waiting yet).
function createGate() {
  /** @type {Array<() => void>} */
  const waiting = [];
  /** @type {number[]} */
  const arrivals = [];
  /** @type {Array<(index: number) => void>} */
  const watchers = [];
  let permits = 0;
  return {
    /** @param {number} index */
    wait(index) {
      const watcher = watchers.shift();
      if (watcher) watcher(index);
      else arrivals.push(index);
      if (permits > 0) {
        permits--;
        return Promise.resolve();
      }
      return new Promise((resolve) => waiting.push(() => resolve(undefined)));
    },
    release() {
      const next = waiting.shift();
      if (next) next();
      else permits++;
    },
    releaseAll() {
      for (const next of waiting.splice(0)) next();
    },
    /** @returns {Promise<number>} */
    reached() {
      const index = arrivals.shift();
      return index === undefined ? new Promise((resolve) => watchers.push(resolve)) : Promise.resolve(index);
    },
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const standIn = await startOpenAiStandIn({ port: Number(process.env.PORT ?? 4010) });
  console.log(`OpenAI stand-in listening on ${standIn.url}`);
}
