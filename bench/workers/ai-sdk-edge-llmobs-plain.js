// The AI SDK Worker traced by edge-llmobs without the AI SDK mapping: its spans go out as the AI SDK
// names them, and the fetch layer records the OpenAI call.
import { getRequestScope, withLlmObs } from '../../src/adapters/cloudflare/index.ts';
import { handleAiChat } from './ai-sdk-app.js';

export default withLlmObs(
  {
    fetch(request, env, ctx) {
      const llm = getRequestScope(ctx);
      return handleAiChat(request, env, llm.fetch, llm.tracer);
    },
  },
  (env) => ({ serviceName: 'bench-worker', env }),
);
