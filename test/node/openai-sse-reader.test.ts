import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenAiStreamRecorder } from '../../src/providers/openai/stream-recorder.js';
import { createSseReader, readSseEvents, type SseEvent } from '../../src/providers/recorder/sse-reader.js';
import { type StandIn, startOpenAiStandIn } from '../fixtures/openai-stand-in.js';

/** mulberry32: a small seeded PRNG, so every failing split can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function readInChunks(bytes: Uint8Array, cuts: number[]): SseEvent[] {
  const reader = createSseReader();
  const events: SseEvent[] = [];
  let start = 0;
  for (const cut of [...cuts, bytes.length]) {
    events.push(...reader.push(bytes.subarray(start, cut)));
    start = cut;
  }
  events.push(...reader.end());
  return events;
}

const encoder = new TextEncoder();

describe('SseReader', () => {
  it('follows the event-stream rules on a hand-written stream', () => {
    const text = [
      '\uFEFFdata: first',
      '',
      ': keep-alive',
      'event: response.created',
      'data:no-space',
      'data:  two spaces',
      'id: 7',
      'retry: 100',
      '',
      'data',
      '',
      '',
      'event: ignored-without-data',
      '',
      'data: 日本語 🎉\r\rdata: cr-only\r\n\r\ndata: last without blank line',
    ].join('\n');
    expect(readSseEvents(text)).toEqual([
      { data: 'first' },
      { event: 'response.created', data: 'no-space\n two spaces' },
      { data: '' },
      { data: '日本語 🎉' },
      { data: 'cr-only' },
      { data: 'last without blank line' },
    ]);
  });

  it('keeps a \\r\\n pair split across chunks as one line end', () => {
    const reader = createSseReader();
    const events = [
      ...reader.push(encoder.encode('data: a\r')),
      ...reader.push(encoder.encode('\ndata: b\r')),
      ...reader.push(encoder.encode('\n\r')),
      ...reader.push(encoder.encode('\n')),
      ...reader.end(),
    ];
    expect(events).toEqual([{ data: 'a\nb' }]);
  });

  it('decodes a UTF-8 sequence split between chunks', () => {
    const bytes = encoder.encode('data: 🎉\n\n');
    for (let cut = 1; cut < bytes.length; cut++) {
      expect(readInChunks(bytes, [cut])).toEqual([{ data: '🎉' }]);
    }
  });

  describe('seeded fuzz against the unsplit parse', () => {
    let streams: Array<{ name: string; text: string }> = [];
    let standIn: StandIn;

    beforeAll(async () => {
      standIn = await startOpenAiStandIn({ lineEnding: '\r\n', keepAliveComments: true });
      const post = (path: string, body: unknown) =>
        fetch(`${standIn.url}${path}`, { method: 'POST', body: JSON.stringify(body) }).then((r) => r.text());
      const tools = [
        { type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } },
        { type: 'function', function: { name: 'get_time', parameters: { type: 'object' } } },
      ];
      streams = [
        {
          name: 'chat tool calls, CRLF, keep-alives',
          text: await post('/chat/completions', {
            model: 'gpt-4o-mini',
            stream: true,
            stream_options: { include_usage: true },
            tools,
            messages: [{ role: 'user', content: 'Weather in 東京 ☀️? tools:all' }],
          }),
        },
        {
          name: 'responses events, CRLF',
          text: await post('/responses', { model: 'gpt-4.1', stream: true, input: 'Grüße, 世界 👋🏽' }),
        },
        {
          name: 'chat text, LF, no [DONE]',
          text: 'data: {"choices":[{"index":0,"delta":{"content":"日本"}}]}\n\n: comment\n\ndata: {"choices":[{"index":0,"delta":{"content":"語 🧪"}}]}\n\n',
        },
        {
          name: 'CR line ends and multi-line data',
          text: 'event: a\rdata: 1\rdata: 2\r\rdata: ✓\r\r: x\rdata: tail-without-blank-line',
        },
      ];
    });

    afterAll(() => standIn.close());

    it('parses 300 random splittings exactly like the whole text', () => {
      const random = prng(0x5eed);
      expect(streams.map((s) => readSseEvents(s.text).length).every((n) => n > 1)).toBe(true);
      for (let iteration = 0; iteration < 300; iteration++) {
        const stream = streams[iteration % streams.length];
        const bytes = encoder.encode(stream.text);
        const cutCount = 1 + Math.floor(random() * 24);
        // Half the cuts land just after a '\r', where a CRLF pair or a line can be torn apart.
        const crEnds: number[] = [];
        bytes.forEach((byte, i) => {
          if (byte === 13) crEnds.push(i + 1);
        });
        const cuts = Array.from({ length: cutCount }, () =>
          crEnds.length > 0 && random() < 0.5
            ? crEnds[Math.floor(random() * crEnds.length)]
            : Math.floor(random() * bytes.length),
        ).sort((a, b) => a - b);
        const expected = readSseEvents(stream.text);
        expect(readInChunks(bytes, cuts), `${stream.name}, cuts ${cuts.join(',')}`).toEqual(expected);
      }
    });

    it('parses a byte-at-a-time stream like the whole text', () => {
      for (const stream of streams) {
        const bytes = encoder.encode(stream.text);
        const cuts = Array.from({ length: bytes.length - 1 }, (_, i) => i + 1);
        expect(readInChunks(bytes, cuts)).toEqual(readSseEvents(stream.text));
      }
    });

    it('gives the same recorded attributes however the bytes are split', () => {
      const random = prng(42);
      const stream = streams[0];
      const bytes = encoder.encode(stream.text);
      const whole = new OpenAiStreamRecorder('chat');
      whole.push(bytes);
      whole.end();
      expect(whole.attributes()['llm.output_messages.0.message.tool_calls.1.tool_call.function.name']).toBe('get_time');
      for (let iteration = 0; iteration < 50; iteration++) {
        const recorder = new OpenAiStreamRecorder('chat');
        let start = 0;
        while (start < bytes.length) {
          const end = Math.min(bytes.length, start + 1 + Math.floor(random() * 40));
          recorder.push(bytes.subarray(start, end));
          start = end;
        }
        recorder.end();
        expect(recorder.attributes()).toEqual(whole.attributes());
      }
    });
  });

  it('never throws on garbage bytes or malformed payloads', () => {
    const random = prng(7);
    for (let iteration = 0; iteration < 200; iteration++) {
      const bytes = new Uint8Array(1 + Math.floor(random() * 300));
      for (let i = 0; i < bytes.length; i++) {
        // Bias towards the bytes that matter to the parser: ':', 'd', '\r', '\n', and invalid UTF-8.
        const pick = random();
        bytes[i] = pick < 0.1 ? 58 : pick < 0.2 ? 13 : pick < 0.3 ? 10 : Math.floor(random() * 256);
      }
      const recorder = new OpenAiStreamRecorder(iteration % 2 === 0 ? 'chat' : 'responses');
      expect(() => {
        recorder.push(bytes.subarray(0, bytes.length >> 1));
        recorder.push(bytes.subarray(bytes.length >> 1));
        recorder.end();
        recorder.attributes();
      }).not.toThrow();
    }
    const recorder = new OpenAiStreamRecorder('chat');
    recorder.push(encoder.encode('data: {not json\n\ndata: [1,2]\n\ndata: null\n\n'));
    recorder.push(encoder.encode('data: {"model":"m","choices":[{"index":0,"delta":{"content":"ok"}}]}\n\n'));
    recorder.end();
    expect(recorder.attributes()['output.value']).toBe('ok');
    expect(recorder.attributes()['llm.model_name']).toBe('m');
  });
});
