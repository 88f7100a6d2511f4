// The adapter Worker (edge-llmobs-adapter.js) with its provider named: `withLlmObs` from
// `edge-llmobs/cloudflare/named` and `openAiApi` from `edge-llmobs/providers`, so the Worker bundles
// the OpenAI module and no other provider's.
import { withLlmObs } from '../../src/adapters/cloudflare/named.ts';
import { instrumentFetch } from '../../src/index.ts';
import { openAiApi } from '../../src/providers/index.ts';
import { handleChat } from './app.js';

const tracedFetch = instrumentFetch();

export default withLlmObs(
  {
    fetch(request, env) {
      return handleChat(request, env, tracedFetch);
    },
  },
  (env) => ({ serviceName: 'bench-worker', env, providers: [openAiApi] }),
);
