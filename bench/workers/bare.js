// The untraced Worker: the baseline every traced bundle and request is compared with.
import { handleChat } from './app.js';

export default {
  fetch(request, env) {
    return handleChat(request, env, fetch);
  },
};
