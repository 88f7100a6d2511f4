// The withLlmObs Worker of edge-llmobs-adapter.js with one export per 10 requests or 1 s window
// (`exportSchedule: exportEvery(...)`, the window from the figure's EXPORT_WINDOW_MS binding) instead of one per request: the design the workerd figure
// measures as its own row.
import { withLlmObs } from '../../src/adapters/cloudflare/index.ts';
import { exportEvery, instrumentFetch } from '../../src/index.ts';
import { handleChat } from './app.js';

const tracedFetch = instrumentFetch();

export default withLlmObs(
  {
    fetch(request, env) {
      return handleChat(request, env, tracedFetch);
    },
  },
  (env) => ({
    serviceName: 'bench-worker',
    env,
    exportSchedule: exportEvery({ requests: 10, ms: Number(env.EXPORT_WINDOW_MS) }),
  }),
);
