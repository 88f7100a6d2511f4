// The same Worker traced by edge-llmobs the way its users are meant to: `withLlmObs` from the
// Cloudflare adapter around the handler, and `instrumentFetch()` for the chat call. The harness picks
// this file when src/adapters/cloudflare/index.ts exports `withLlmObs`.
import { withLlmObs } from '../../src/adapters/cloudflare/index.ts';
import { instrumentFetch } from '../../src/index.ts';
import { handleChat } from './app.js';

const tracedFetch = instrumentFetch();

export default withLlmObs(
  {
    fetch(request, env) {
      return handleChat(request, env, tracedFetch);
    },
  },
  (env) => ({ serviceName: 'bench-worker', env }),
);
