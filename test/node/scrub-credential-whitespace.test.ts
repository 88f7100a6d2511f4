// A credential scheme followed by a tab, a newline or several spaces instead of one space: the token
// is scrubbed all the same, in text and in what reaches a real collector.
import { createServer, type IncomingMessage } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { register } from '../../src/index.js';
import { scrubText } from '../../src/pipeline/prepare/secrets.js';

const TOKEN = 'MKSECRETtabToken0123456789';
const SEPARATORS = { tab: '\t', newline: '\n', 'two spaces': '  ', 'carriage return and tab': '\r\n\t' };

async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  return (request.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body).toString('utf8');
}

describe('credentials after any whitespace', () => {
  for (const [name, separator] of Object.entries(SEPARATORS)) {
    it(`scrubs Bearer and Basic tokens after a ${name}`, () => {
      expect(scrubText(`Authorization: Bearer${separator}${TOKEN}`)).toBe('Authorization: Bearer __REDACTED__');
      expect(scrubText(`proxy: basic${separator}${TOKEN}==`)).toBe('proxy: basic __REDACTED__');
    });
  }

  it('leaves prose with a tab alone', () => {
    expect(scrubText('a basic\tquestion about bearer\tbonds')).toBe('a basic\tquestion about bearer\tbonds');
  });

  it('sends no byte of a tab-separated token to the collector', async () => {
    const bodies: string[] = [];
    const server = createServer(async (request, response) => {
      bodies.push(await bodyOf(request));
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const obs = register({ endpoint: `http://127.0.0.1:${port}`, scheduledDelayMs: 0 });
    const span = obs.tracer.startSpan('call upstream', {
      attributes: { 'input.value': `curl -H "Authorization: Bearer\t${TOKEN}" https://api.test/v1` },
    });
    span.addEvent('retry', { note: `sent Bearer\n${TOKEN} again` });
    span.end();
    await obs.shutdown();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const sent = bodies.join('\n');
    expect(sent).toContain('call upstream');
    expect(sent).toContain('__REDACTED__');
    expect(sent).not.toContain('MKSECRET');
  });
});
