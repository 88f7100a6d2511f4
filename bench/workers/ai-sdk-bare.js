// The AI SDK Worker, untraced.
import { handleAiChat } from './ai-sdk-app.js';

export default {
  fetch(request, env) {
    return handleAiChat(request, env, fetch, undefined);
  },
};
