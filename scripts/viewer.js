// `npm run viewer`: the local OTLP collector and trace viewer (viewer/), on 127.0.0.1:4318.
//   PORT           port (default 4318; 0 picks a free one)
//   HOST           interface (default 127.0.0.1; anything else exposes it, so set VIEWER_TOKEN)
//   VIEWER_TOKEN   require `Authorization: Bearer <token>` on every route
//   VIEWER_PUBLIC  "true" serves it to anyone without a token (needed for a HOST off loopback without one)
//   VIEWER_DATA    where D1 keeps its files (default viewer/.data)
// Prints the URL, then runs until SIGINT/SIGTERM.
import { createServer } from 'node:net';
import { startLocalViewer } from '../viewer/scripts/local-viewer.js';

const host = process.env.HOST || '127.0.0.1';
const port = process.env.PORT === undefined || process.env.PORT === '' ? 4318 : Number(process.env.PORT);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a port number, got ${process.env.PORT}`);
  process.exit(2);
}
const token = process.env.VIEWER_TOKEN || undefined;
const isPublic = process.env.VIEWER_PUBLIC === 'true';
const loopback = /^(localhost|127(\.\d{1,3}){3}|::1)$/.test(host);

// Fails closed: off loopback, a client address header can be forged, so without a token the viewer
// does not listen there at all unless the operator says it is public.
if (!loopback && !token && !isPublic) {
  console.error(
    `edge-llmobs viewer: HOST=${host} exposes it beyond this machine; set VIEWER_TOKEN (or VIEWER_PUBLIC=true to serve it to anyone).`,
  );
  process.exit(2);
}

/** Checked first because workerd reports a taken port with a fatal stack dump. */
function portTaken() {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(true));
    probe.listen(port, host, () => probe.close(() => resolve(false)));
  });
}

if (port !== 0 && (await portTaken())) {
  console.error(`edge-llmobs viewer: ${host}:${port} is taken (a viewer already running?); set PORT to use another.`);
  process.exit(1);
}

let viewer;
try {
  viewer = await startLocalViewer({
    host,
    port,
    token,
    persistTo: process.env.VIEWER_DATA || undefined,
    bindings: isPublic ? { VIEWER_PUBLIC: 'true' } : {},
  });
} catch (error) {
  console.error(`edge-llmobs viewer could not start: ${error?.message ?? error}`);
  process.exit(1);
}

console.log(`edge-llmobs viewer: ${viewer.url}`);
console.log(`  OTLP endpoint:  OTEL_EXPORTER_OTLP_ENDPOINT=${viewer.url}  (POST ${viewer.url}/v1/traces)`);
console.log(
  `  data:           ${viewer.persistTo}${viewer.migrations.length ? ` (applied ${viewer.migrations.join(', ')})` : ''}`,
);
if (token)
  console.log('  access:         Authorization: Bearer $VIEWER_TOKEN (browsers: any user, the token as password)');
else if (isPublic) {
  console.warn('  warning: VIEWER_PUBLIC=true: anyone who can reach it can read and write traces');
}

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await viewer.dispose().catch(() => {});
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
