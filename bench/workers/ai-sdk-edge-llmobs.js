// The AI SDK Worker traced by edge-llmobs with the AI SDK mapping (edge-llmobs/ai-sdk).
import { getRequestScope, withLlmObs } from '../../src/adapters/cloudflare/index.ts';
import { aiSdkProcessor } from '../../src/integrations/ai-sdk/index.ts';
import { handleAiChat } from './ai-sdk-app.js';

export default withLlmObs(
  {
    fetch(request, env, ctx) {
      const llm = getRequestScope(ctx);
      return handleAiChat(request, env, llm.fetch, llm.tracer);
    },
  },
  (env) => ({ serviceName: 'bench-worker', env, spanProcessors: [aiSdkProcessor()] }),
);
