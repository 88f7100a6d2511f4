// Gemini calls made by the official @google/genai (2.32.0, which runs on Node 20) pointed at a local
// stand-in through `httpOptions.baseUrl`, and by plain fetch with the key in `?key=`, on the Gemini
// API, Vertex AI and AI Gateway paths. The API key is never recorded, in any attribute.
import { GoogleGenAI, Type } from '@google/genai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type LlmObs, register, type SpanData } from '../../src/index.js';
import { collectingExporter } from '../fixtures/collecting-exporter.js';
import { flushAndForget, onlyFlushedSpan } from '../fixtures/flushed-spans.js';
import { GEMINI_USAGE, startGeminiStandIn } from '../fixtures/gemini-stand-in.js';
import type { ProviderStandIn } from '../fixtures/provider-stand-in.js';

const API_KEY = 'AIzaSyStandIn0123456789abcdefghijklmnopq';
const exporter = collectingExporter();
let obs: LlmObs;
let standIn: ProviderStandIn;
let ai: GoogleGenAI;

beforeAll(async () => {
  obs = register({ serviceName: 'gemini-sdk', exporter, autoInstrument: true });
  standIn = await startGeminiStandIn();
  ai = new GoogleGenAI({ apiKey: API_KEY, httpOptions: { baseUrl: standIn.url, retryOptions: { attempts: 1 } } });
});
afterAll(async () => {
  await obs.shutdown();
  await standIn.close();
});
afterEach(() => flushAndForget(obs, exporter.spans));

const onlySpan = () => onlyFlushedSpan(obs, exporter.spans);
const attributesOf = (span: SpanData) => span.attributes as Record<string, unknown>;
function expectNoKey(span: SpanData): void {
  expect(JSON.stringify(span)).not.toContain('StandIn0123456789');
}

const weatherTool = {
  functionDeclarations: [
    {
      name: 'get_weather',
      description: 'Weather for a city',
      parameters: { type: Type.OBJECT, properties: { city: { type: Type.STRING } }, required: ['city'] },
    },
  ],
};

describe('generateContent through @google/genai', () => {
  it('records system instruction, contents with parts, tools, generationConfig, output, usage and cost', async () => {
    const response = await ai.models.generateContent({
      model: 'gemini-2.5-flash',
      contents: [
        { role: 'user', parts: [{ text: 'Look:' }, { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } }] },
        { role: 'model', parts: [{ functionCall: { name: 'get_weather', args: { city: 'Oslo' } } }] },
        { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { sky: 'rain' } } }] },
        { role: 'user', parts: [{ text: 'And Paris?' }] },
      ],
      config: {
        systemInstruction: 'You are terse.',
        temperature: 0.3,
        maxOutputTokens: 200,
        tools: [weatherTool],
        thinkingConfig: { includeThoughts: true },
      },
    });
    expect(response.text).toBe('Echo: And Paris?');
    const span = await onlySpan();
    const a = attributesOf(span);
    expect(span.name).toBe('Gemini Generate Content');
    expect(a).toMatchObject({
      'openinference.span.kind': 'LLM',
      'llm.system': 'vertexai',
      'llm.provider': 'google',
      'llm.model_name': 'gemini-2.5-flash',
      'llm.input_messages.0.message.role': 'system',
      'llm.input_messages.0.message.content': 'You are terse.',
      'llm.input_messages.1.message.role': 'user',
      'llm.input_messages.1.message.contents.0.message_content.text': 'Look:',
      'llm.input_messages.1.message.contents.1.message_content.type': 'image',
      'llm.input_messages.1.message.contents.1.message_content.image.image.url': 'data:image/png;base64,iVBORw0KGgo=',
      'llm.input_messages.2.message.role': 'assistant',
      'llm.input_messages.2.message.tool_calls.0.tool_call.function.name': 'get_weather',
      'llm.input_messages.2.message.tool_calls.0.tool_call.function.arguments': '{"city":"Oslo"}',
      'llm.input_messages.3.message.name': 'get_weather',
      'llm.input_messages.3.message.contents.0.message_content.text': '{"sky":"rain"}',
      'llm.input_messages.4.message.contents.0.message_content.text': 'And Paris?',
      'llm.output_messages.0.message.role': 'assistant',
      'llm.output_messages.0.message.content': 'Echo: And Paris?',
      'llm.output_messages.0.message.contents.0.message_content.type': 'reasoning',
      'llm.output_messages.0.message.contents.0.message_content.text': 'Thinking it over.',
      'llm.output_messages.0.message.tool_calls.0.tool_call.function.name': 'get_weather',
      'llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments': '{"city":"Paris"}',
      'llm.finish_reason': 'STOP',
      'llm.token_count.prompt': 40,
      'llm.token_count.prompt_details.cache_read': 30,
      'llm.token_count.completion': 12,
      'llm.token_count.completion_details.reasoning': 5,
      'llm.token_count.total': 52,
    });
    expect(JSON.parse(String(a['llm.invocation_parameters']))).toMatchObject({
      temperature: 0.3,
      maxOutputTokens: 200,
    });
    expect(JSON.parse(String(a['llm.tools.0.tool.json_schema']))).toMatchObject({ name: 'get_weather' });
    // Gemini 2.5 Flash: $0.30 input, $0.03 cached, $2.50 output (thinking included) per 1M tokens.
    expect(a['llm.cost.prompt']).toBeCloseTo((10 * 0.3 + 30 * 0.03) / 1e6, 12);
    expect(a['llm.cost.completion']).toBeCloseTo((12 * 2.5) / 1e6, 12);
    expect(span.status.code).toBe(0);
    expectNoKey(span);
    // The SDK did send the key (in x-goog-api-key).
    expect(standIn.requests.at(-1)?.headers['x-goog-api-key']).toBe(API_KEY);
  });

  it('a streamed call (alt=sse) assembles the text, keeps the last usage and stamps time to first token', async () => {
    const stream = await ai.models.generateContentStream({
      model: 'gemini-3-pro-preview',
      contents: 'Stream to me',
    });
    let text = '';
    for await (const chunk of stream) text += chunk.text ?? '';
    expect(text).toBe('Echo: Stream to me');
    expect(standIn.requests.at(-1)?.url).toContain(':streamGenerateContent?alt=sse');
    const span = await onlySpan();
    const a = attributesOf(span);
    expect(a).toMatchObject({
      'llm.model_name': 'gemini-3-pro-preview',
      'output.value': 'Echo: Stream to me',
      'output.mime_type': 'text/plain',
      'llm.output_messages.0.message.content': 'Echo: Stream to me',
      'llm.finish_reason': 'STOP',
      'llm.token_count.prompt': GEMINI_USAGE.promptTokenCount,
      'llm.token_count.total': GEMINI_USAGE.totalTokenCount,
    });
    expect(a['edge_llmobs.time_to_first_token_ms']).toBeTypeOf('number');
    // Gemini 3 Pro: $2 input, $0.20 cached, $12 output.
    expect(a['llm.cost.total']).toBeCloseTo((10 * 2 + 30 * 0.2 + 12 * 12) / 1e6, 12);
    expectNoKey(span);
  });

  it.each([
    ['error-400', 400, 'INVALID_ARGUMENT: API key not valid. Please pass a valid API key.'],
    ['error-403', 403, 'PERMISSION_DENIED: Permission denied on resource project.'],
    ['error-429', 429, 'RESOURCE_EXHAUSTED: Resource has been exhausted (e.g. check quota).'],
  ])('an HTTP error (%s) is an ERROR span with Google’s status and message', async (model, status, message) => {
    await expect(ai.models.generateContent({ model, contents: 'x' })).rejects.toThrow();
    const span = await onlySpan();
    expect(span.status).toMatchObject({ code: 2, message });
    expect(attributesOf(span)['http.response.status_code']).toBe(status);
  });
});

describe('Gemini over plain fetch', () => {
  const body = JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'Hi' }] }] });
  it.each([
    ['the Gemini API, key in ?key=', `/v1beta/models/gemini-2.5-pro:generateContent?key=${API_KEY}`, 'gemini-2.5-pro'],
    [
      'Vertex AI',
      `/v1/projects/my-project/locations/us-central1/publishers/google/models/gemini-2.5-flash-lite:generateContent?key=${API_KEY}`,
      'gemini-2.5-flash-lite',
    ],
    [
      'AI Gateway (google-ai-studio)',
      `/v1/account/gateway/google-ai-studio/v1beta/models/gemini-3-flash:generateContent?key=${API_KEY}`,
      'gemini-3-flash',
    ],
  ])('%s: recorded, the model read from the path, and the key nowhere', async (_name, path, model) => {
    const response = await fetch(standIn.url + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(response.status).toBe(200);
    await response.json();
    const span = await onlySpan();
    expect(attributesOf(span)['llm.model_name']).toBe(model);
    expect(attributesOf(span)['llm.output_messages.0.message.content']).toBe('Echo: Hi');
    expectNoKey(span);
  });

  it('streamGenerateContent without alt=sse (a JSON array) is read as the stream it is', async () => {
    const chunks = [
      {
        candidates: [{ content: { role: 'model', parts: [{ text: 'Hel' }] }, index: 0 }],
        modelVersion: 'gemini-2.5-flash',
      },
      {
        candidates: [{ content: { role: 'model', parts: [{ text: 'lo' }] }, finishReason: 'STOP', index: 0 }],
        usageMetadata: { promptTokenCount: 3, candidatesTokenCount: 2, totalTokenCount: 5 },
      },
    ];
    const { generateResponseAttributes } = await import('../../src/providers/gemini/generate-attributes.js');
    expect(generateResponseAttributes(chunks)).toMatchObject({
      'llm.model_name': 'gemini-2.5-flash',
      'llm.output_messages.0.message.content': 'Hello',
      'llm.finish_reason': 'STOP',
      'llm.token_count.total': 5,
      'output.mime_type': 'application/json',
    });
  });
});
