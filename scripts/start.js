// `npm start`: runs the example chat Worker (worker-example/) locally with `wrangler dev` on 127.0.0.1,
// with everything it talks to on this machine, so a newcomer sees traces with no account anywhere:
//   - the model: OpenAI when OPENAI_API_KEY is set (OPENAI_BASE_URL optional), else the local OpenAI
//     stand-in (scripts/openai-stand-in.js); for POST /chat/anthropic, Anthropic when
//     ANTHROPIC_API_KEY is set, else the local Anthropic stand-in (scripts/anthropic-stand-in.js);
//   - the traces: OTEL_EXPORTER_OTLP_ENDPOINT (+ OTEL_EXPORTER_OTLP_HEADERS) when set; else the local
//     viewer (viewer/, the hook below) on 127.0.0.1:4318; else a small receiver that prints each
//     trace as a tree.
// Environment: PORT (Worker, default 8787), OTLP_PORT (viewer/receiver, default 4318),
// START_VIEWER=0 to print traces instead of starting the viewer.
// Ctrl-C stops everything. No login and no network: wrangler's metrics, update check and cf.json
// download are turned off.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const HOST = '127.0.0.1';
const WORKER_PORT = Number(process.env.PORT || 8787);
const OTLP_PORT = Number(process.env.OTLP_PORT || 4318);
// The viewer hook: any module at this path exporting startLocalViewer({ host, port }) →
// { url, dispose() } receives the Worker's spans instead of the printing receiver.
const VIEWER_MODULE = join(ROOT, 'viewer/scripts/local-viewer.js');

/** @type {Array<() => Promise<unknown> | unknown>} */
const cleanups = [];

async function startModel() {
  if (process.env.OPENAI_API_KEY) {
    return { apiKey: process.env.OPENAI_API_KEY, baseUrl: process.env.OPENAI_BASE_URL ?? '', label: 'OpenAI' };
  }
  const { startOpenAiStandIn } = await import('./openai-stand-in.js');
  const standIn = await startOpenAiStandIn({ port: Number(process.env.OPENAI_STAND_IN_PORT || 0) });
  cleanups.push(() => standIn.close());
  return { apiKey: 'sk-stand-in', baseUrl: standIn.url, label: `local OpenAI stand-in (${standIn.url})` };
}

/** Claude for POST /chat/anthropic: the real API when ANTHROPIC_API_KEY is set, else the local stand-in. */
async function startAnthropic() {
  if (process.env.ANTHROPIC_API_KEY) {
    return { apiKey: process.env.ANTHROPIC_API_KEY, baseUrl: process.env.ANTHROPIC_BASE_URL ?? '', label: 'Anthropic' };
  }
  const { startAnthropicStandIn } = await import('./anthropic-stand-in.js');
  const standIn = await startAnthropicStandIn({ port: Number(process.env.ANTHROPIC_STAND_IN_PORT || 0) });
  cleanups.push(() => standIn.close());
  return { apiKey: 'sk-ant-stand-in', baseUrl: standIn.url, label: `local Anthropic stand-in (${standIn.url})` };
}

/** Listens on OTLP_PORT, or a free port when it is taken. */
async function listenWithFallback(start) {
  try {
    return await start(OTLP_PORT);
  } catch (error) {
    if (!String(error?.message ?? error).includes('EADDRINUSE') && error?.code !== 'EADDRINUSE') throw error;
    return start(0);
  }
}

async function startCollector() {
  if (process.env.OTEL_EXPORTER_OTLP_ENDPOINT) {
    return { endpoint: process.env.OTEL_EXPORTER_OTLP_ENDPOINT, label: process.env.OTEL_EXPORTER_OTLP_ENDPOINT };
  }
  if (process.env.START_VIEWER !== '0' && existsSync(VIEWER_MODULE)) {
    try {
      const { startLocalViewer } = await import(VIEWER_MODULE);
      const viewer = await listenWithFallback((port) => startLocalViewer({ host: HOST, port }));
      cleanups.push(() => viewer.dispose());
      return { endpoint: viewer.url, label: `local viewer: open ${viewer.url}` };
    } catch (error) {
      console.warn(`The local viewer did not start (${error?.message ?? error}); printing traces instead.`);
    }
  }
  const server = await listenWithFallback(
    (port) =>
      new Promise((resolve, reject) => {
        const receiver = createServer(receiveTraces);
        receiver.once('error', reject);
        receiver.listen(port, HOST, () => resolve(receiver));
      }),
  );
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  const url = `http://${HOST}:${server.address().port}`;
  return { endpoint: url, label: `printed below (OTLP receiver on ${url})` };
}

function receiveTraces(req, res) {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    try {
      let body = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
      if (!String(req.headers['content-type']).includes('json')) {
        console.log(`[traces] ${body.length} bytes of ${req.headers['content-type']} (printing needs OTLP JSON)`);
        return;
      }
      collectTraces(JSON.parse(body.toString('utf8')));
    } catch (error) {
      console.log(`[traces] could not read a request: ${error?.message ?? error}`);
    }
  });
}

// A turn's spans arrive in more than one export (the Worker's, and its Durable Object's after its own
// call): a trace is printed once nothing more of it has arrived for a moment.
const PRINT_AFTER_MS = 500;
const pendingTraces = new Map();

function collectTraces(request) {
  const spans = (request.resourceSpans ?? []).flatMap((r) => (r.scopeSpans ?? []).flatMap((s) => s.spans ?? []));
  for (const span of spans) {
    const pending = pendingTraces.get(span.traceId) ?? { spans: [], timer: undefined };
    pending.spans.push(span);
    clearTimeout(pending.timer);
    pending.timer = setTimeout(() => {
      pendingTraces.delete(span.traceId);
      printTraces({ resourceSpans: [{ scopeSpans: [{ spans: pending.spans }] }] });
    }, PRINT_AFTER_MS);
    pendingTraces.set(span.traceId, pending);
  }
}

function plain(value) {
  if (!value) return undefined;
  if ('stringValue' in value) return value.stringValue;
  if ('intValue' in value) return Number(value.intValue);
  if ('doubleValue' in value) return value.doubleValue;
  if ('boolValue' in value) return value.boolValue;
  if ('arrayValue' in value) return (value.arrayValue.values ?? []).map(plain);
  return undefined;
}

const clip = (text, max = 72) => {
  const flat = String(text).replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

function lastMessage(attributes, prefix) {
  let last;
  for (let i = 0; attributes[`${prefix}.${i}.message.role`] !== undefined; i++) {
    last = attributes[`${prefix}.${i}.message.content`];
  }
  return last;
}

function describeSpan(span) {
  const a = Object.fromEntries((span.attributes ?? []).map((kv) => [kv.key, plain(kv.value)]));
  const ms = (Number(BigInt(span.endTimeUnixNano) - BigInt(span.startTimeUnixNano)) / 1e6).toFixed(0);
  const parts = [`${span.name}  [${a['openinference.span.kind'] ?? 'SPAN'}] ${ms} ms`];
  if (span.status?.code === 2) parts.push(`ERROR${span.status.message ? `: ${clip(span.status.message, 60)}` : ''}`);
  if (a['llm.model_name']) parts.push(`model=${a['llm.model_name']}`);
  if (a['llm.token_count.total'] !== undefined) {
    parts.push(`tokens=${a['llm.token_count.prompt']}+${a['llm.token_count.completion']}`);
  }
  if (a['http.response.status_code'] !== undefined) parts.push(`status=${a['http.response.status_code']}`);
  const lines = [parts.join('  ')];
  // For LLM spans the messages read better than the raw JSON bodies.
  const input = a['openinference.span.kind'] === 'LLM' ? lastMessage(a, 'llm.input_messages') : a['input.value'];
  const output = a['llm.output_messages.0.message.content'] ?? a['output.value'];
  if (input !== undefined) lines.push(`in:  ${clip(input)}`);
  if (output !== undefined) lines.push(`out: ${clip(output)}`);
  return { lines, session: a['session.id'], user: a['user.id'], metadata: a.metadata };
}

function printTraces(request) {
  const spans = (request.resourceSpans ?? []).flatMap((r) => (r.scopeSpans ?? []).flatMap((s) => s.spans ?? []));
  const byTrace = Map.groupBy
    ? Map.groupBy(spans, (span) => span.traceId)
    : spans.reduce((map, span) => map.set(span.traceId, [...(map.get(span.traceId) ?? []), span]), new Map());
  for (const [traceId, traceSpans] of byTrace) {
    const ids = new Set(traceSpans.map((span) => span.spanId));
    const roots = traceSpans.filter((span) => !span.parentSpanId || !ids.has(span.parentSpanId));
    const first = describeSpan(roots[0] ?? traceSpans[0]);
    const who = [first.session && `session=${first.session}`, first.user && `user=${first.user}`, first.metadata]
      .filter(Boolean)
      .join('  ');
    console.log(`\n── trace ${traceId.slice(0, 12)}…  ${who}`);
    const print = (span, depth) => {
      const { lines } = describeSpan(span);
      const indent = '   '.repeat(depth);
      console.log(`${indent}└─ ${lines[0]}`);
      for (const line of lines.slice(1)) console.log(`${indent}     ${line}`);
      const children = traceSpans.filter((child) => child.parentSpanId === span.spanId);
      children.sort((x, y) => (BigInt(x.startTimeUnixNano) < BigInt(y.startTimeUnixNano) ? -1 : 1));
      for (const child of children) print(child, depth + 1);
    };
    for (const root of roots) print(root, 0);
  }
}

async function startWrangler(model, collector) {
  // Secrets go through a private env file, so wrangler shows them as "(hidden)" and never in `ps`.
  const dir = await mkdtemp(join(tmpdir(), 'edge-llmobs-start-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const vars = {
    OPENAI_API_KEY: model.apiKey,
    OPENAI_BASE_URL: model.baseUrl,
    ANTHROPIC_API_KEY: model.anthropic.apiKey,
    ANTHROPIC_BASE_URL: model.anthropic.baseUrl,
    OTEL_EXPORTER_OTLP_ENDPOINT: collector.endpoint,
    OTEL_EXPORTER_OTLP_HEADERS: process.env.OTEL_EXPORTER_OTLP_HEADERS ?? '',
  };
  const envFile = join(dir, '.env');
  await writeFile(
    envFile,
    `${Object.entries(vars)
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
      .join('\n')}\n`,
    {
      mode: 0o600,
    },
  );
  const args = [
    join(ROOT, 'node_modules/wrangler/bin/wrangler.js'),
    'dev',
    '--ip',
    HOST,
    '--port',
    String(WORKER_PORT),
    '--inspector-ip',
    HOST,
    '--env-file',
    envFile,
    '--show-interactive-dev-session=false',
  ];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      WRANGLER_SEND_METRICS: 'false',
      WRANGLER_HIDE_BANNER: 'true',
      CLOUDFLARE_CF_FETCH_ENABLED: 'false',
    },
  });
  wrangler = child;
  return new Promise((resolve, reject) => {
    let ready = false;
    const relay = (stream, out) =>
      stream.on('data', (chunk) => {
        const text = chunk.toString();
        out.write(text.replace(/^/gm, '[wrangler] ').replace(/\[wrangler\] $/, ''));
        const match = /Ready on (http:\/\/\S+)/.exec(text);
        if (match && !ready) {
          ready = true;
          resolve({ child, url: match[1] });
        }
      });
    relay(child.stdout, process.stdout);
    relay(child.stderr, process.stderr);
    child.once('exit', (code) => {
      if (!ready) reject(new Error(`wrangler dev exited with ${code}`));
      else void stop(code ?? 0);
    });
  });
}

let stopping = false;
let wrangler;

async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  if (wrangler && wrangler.exitCode === null) {
    const exited = new Promise((resolve) => wrangler.once('exit', resolve));
    wrangler.kill('SIGINT');
    const timer = setTimeout(() => wrangler.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
  for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => {});
  process.exit(code);
}

process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

try {
  const [openAi, anthropic, collector] = await Promise.all([startModel(), startAnthropic(), startCollector()]);
  const model = { ...openAi, anthropic };
  const { url } = await startWrangler(model, collector);
  console.log(`
edge-llmobs example chat Worker: ${url}
  model:   ${model.label}; Claude: ${anthropic.label}
  traces:  ${collector.label}

  curl -s ${url}/chat -H 'x-session-id: sess-abc' -H 'x-user-id: user-123' \\
    -d '{"message":"What is the weather like for hiking?"}'
  curl -sN ${url}/chat/stream -H 'x-session-id: sess-abc' -H 'x-user-id: user-123' \\
    -d '{"message":"And what should I pack?"}'
  curl -s ${url}/chat/anthropic -H 'x-session-id: sess-claude' -H 'x-user-id: user-789' \\
    -d '{"message":"Which trail is best at dawn?"}'

Ctrl-C stops everything.
`);
} catch (error) {
  console.error(`npm start failed: ${error?.message ?? error}`);
  await stop(1);
}
