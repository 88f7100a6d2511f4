// `npm run demo`: gives the viewer something to show. Sends the seed's two turns (session sess-abc,
// user user-123, metadata {"channel":"web"}) and a few other users' sessions through the running
// example Worker, whose tracer exports them to the viewer; with `--direct`, or when the Worker does
// not answer, posts the same turns as OTLP/HTTP JSON straight to the viewer instead.
//   WORKER_URL     the example Worker (default http://127.0.0.1:8787)
//   VIEWER_URL     the viewer (default http://127.0.0.1:4318)
//   VIEWER_TOKEN   sent as `Authorization: Bearer` to the viewer, when set
import { DEMO_TURNS, demoTraceRequest } from '../viewer/scripts/demo-turns.js';

const workerUrl = (process.env.WORKER_URL || 'http://127.0.0.1:8787').replace(/\/$/, '');
const viewerUrl = (process.env.VIEWER_URL || 'http://127.0.0.1:4318').replace(/\/$/, '');
const viewerHeaders = process.env.VIEWER_TOKEN ? { authorization: `Bearer ${process.env.VIEWER_TOKEN}` } : {};

async function reachable(url) {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await response.body?.cancel();
    return true;
  } catch {
    return false;
  }
}

/**
 * One turn through the Worker (POST /chat, /chat/stream for a streamed turn, or `route`): the session and user
 * go in the x-session-id and x-user-id headers the Cloudflare adapter reads by default.
 */
async function sendTurn(turn, route = turn.stream ? '/chat/stream' : '/chat') {
  const response = await fetch(`${workerUrl}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-session-id': turn.sessionId, 'x-user-id': turn.userId },
    body: JSON.stringify({ message: turn.message }),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`POST ${workerUrl}${route} answered ${response.status}: ${text.slice(0, 200)}`);
  return text;
}

/**
 * The same kind of turn through the other LLM routes: Claude through the official SDK (POST
 * /chat/anthropic) and the Vercel AI SDK (POST /chat/ai), each its own session. They go first, so the
 * seed's session stays the newest, as in the recipe.
 */
const PROVIDER_TURNS = [
  {
    route: '/chat/anthropic',
    label: 'Claude',
    sessionId: 'sess-claude',
    userId: 'user-789',
    message: 'Which trail is best at dawn?',
  },
  {
    route: '/chat/ai',
    label: 'AI SDK',
    sessionId: 'sess-ai-sdk',
    userId: 'user-789',
    message: 'Plan a rainy-day hike',
  },
];

async function viaWorker() {
  console.log(`Sending ${PROVIDER_TURNS.length + DEMO_TURNS.length} turns through the example Worker at ${workerUrl}`);
  for (const turn of PROVIDER_TURNS) {
    await sendTurn(turn, turn.route);
    console.log(`  ${turn.sessionId} ${turn.userId} (${turn.label}): ${turn.message}`);
  }
  // Turns of one session go in order (a conversation); the order across sessions does not matter.
  for (const turn of DEMO_TURNS) {
    await sendTurn(turn);
    console.log(`  ${turn.sessionId} ${turn.userId}: ${turn.message}`);
  }
}

async function direct() {
  console.log(`Posting ${DEMO_TURNS.length} turns as OTLP/HTTP JSON to ${viewerUrl}/v1/traces`);
  const response = await fetch(`${viewerUrl}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...viewerHeaders },
    body: JSON.stringify(demoTraceRequest()),
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`the viewer answered ${response.status}: ${await response.text()}`);
}

/**
 * Waits until the viewer lists the seed's session with both turns (the Worker exports after it
 * answers) and returns it, or `undefined` after `timeoutMs`.
 */
async function waitForSeedSession(timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${viewerUrl}/api/sessions/sess-abc`, { headers: viewerHeaders });
      const session = response.ok ? await response.json() : undefined;
      // The Worker's spans and its Durable Object's arrive in separate exports: wait for the whole
      // last turn, one tree under the request's root span.
      const last = session?.turns.at(-1);
      if (session?.turns.length >= 2 && last?.spans?.length === 1 && last.spans[0].name.startsWith('POST')) {
        return session;
      }
    } catch {
      // The viewer may not be up yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return undefined;
}

/** Prints the span tree of a session's last turn: through the Worker, it reaches into the Durable Object. */
function printLastTurn(session) {
  const turn = session.turns.at(-1);
  if (!Array.isArray(turn?.spans)) return;
  console.log(`Last turn of ${session.sessionId}:`);
  const print = (node, depth) => {
    const kind = node.spanKind ? ` [${node.spanKind}]` : '';
    console.log(`${'   '.repeat(depth)}└─ ${node.name}${kind}`);
    for (const child of node.children ?? []) print(child, depth + 1);
  };
  for (const root of turn.spans) print(root, 1);
}

try {
  const forceDirect = process.argv.includes('--direct');
  if (!forceDirect && (await reachable(workerUrl))) await viaWorker();
  else {
    if (!forceDirect) console.log(`No example Worker at ${workerUrl} (start it with npm start); going direct.`);
    await direct();
  }
  const session = await waitForSeedSession(10_000);
  if (session) {
    printLastTurn(session);
    console.log(`Open ${viewerUrl}/sessions/sess-abc  (all sessions: ${viewerUrl}/, users: ${viewerUrl}/users)`);
  } else {
    console.log(
      `The turns were sent, but ${viewerUrl} does not list sess-abc yet; is the viewer running (npm run viewer)?`,
    );
    process.exitCode = 1;
  }
} catch (error) {
  console.error(`demo failed: ${error?.message ?? error}`);
  process.exitCode = 1;
}
