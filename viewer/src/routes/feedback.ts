import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../env.js';
import { FeedbackError, parseFeedback } from '../feedback/feedback-input.js';
import { isJson } from '../otlp/status.js';
import { writeFeedback } from '../store/write-feedback.js';

const MAX_FEEDBACK_BYTES = 16 * 1024;

/** `POST /api/feedback`: `{ traceId or spanId, name, value: number or label, comment? }`. */
export const feedback = new Hono<AppEnv>();

feedback.post(
  '/api/feedback',
  bodyLimit({
    maxSize: MAX_FEEDBACK_BYTES,
    onError: (c) => c.json({ error: `feedback is larger than ${MAX_FEEDBACK_BYTES} bytes` }, 413),
  }),
  async (c) => {
    if (!isJson(c.req.header('content-type'))) {
      return c.json({ error: 'send feedback as Content-Type: application/json' }, 415);
    }
    let body: unknown;
    try {
      body = JSON.parse(await c.req.text());
    } catch {
      return c.json({ error: 'body is not JSON' }, 400);
    }
    let input: ReturnType<typeof parseFeedback>;
    try {
      input = parseFeedback(body);
    } catch (error) {
      if (error instanceof FeedbackError) return c.json({ error: error.message }, 400);
      throw error;
    }
    const stored = await writeFeedback(c.env.DB, input);
    if (!stored) return c.json({ error: 'no stored span has that spanId yet; send its traceId too' }, 404);
    return c.json(stored, 201);
  },
);
