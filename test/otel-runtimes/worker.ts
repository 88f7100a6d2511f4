// workerd with nodejs_compat: GET /?session=... runs the scenario and answers its result.
import { runScenario } from './scenario.js';

export default {
  async fetch(request: Request, env: { OTLP_ENDPOINT: string }): Promise<Response> {
    const session = new URL(request.url).searchParams.get('session') ?? '';
    return Response.json(await runScenario(env.OTLP_ENDPOINT, session));
  },
};
