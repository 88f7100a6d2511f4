// Each OpenInference TraceConfig switch, set as an option, as an env binding and in process.env,
// proves that what it hides is in no exported byte (and not in the ended span either), while what it
// does not hide still is.
import type { AttributeValue } from '@opentelemetry/api';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type RegisterOptions, register } from '../../src/index.js';
import type { TraceConfigOptions } from '../../src/pipeline/prepare/trace-config.js';
import { resolveTraceConfig } from '../../src/settings.js';
import type { RecordingSpan } from '../../src/trace/span.js';
import { type ChaosCollector, startChaosCollector } from '../fixtures/chaos-collector.js';
import { type StandIn, startOpenAiStandIn } from '../fixtures/openai-stand-in.js';

const IMAGE = 'data:image/png;base64,MKINPUTIMAGE';
const ATTRIBUTES: Record<string, AttributeValue> = {
  'openinference.span.kind': 'LLM',
  'session.id': 'MK_SESSION',
  'input.value': 'MK_INPUT_VALUE',
  'output.value': 'MK_OUTPUT_VALUE',
  'llm.input_messages.0.message.role': 'user',
  'llm.input_messages.0.message.content': 'MK_INPUT_TEXT',
  'llm.input_messages.1.message.contents.0.message_content.type': 'text',
  'llm.input_messages.1.message.contents.0.message_content.text': 'MK_INPUT_PART_TEXT',
  'llm.input_messages.1.message.contents.1.message_content.type': 'image',
  'llm.input_messages.1.message.contents.1.message_content.image.image.url': IMAGE,
  'llm.output_messages.0.message.role': 'assistant',
  'llm.output_messages.0.message.content': 'MK_OUTPUT_TEXT',
  'llm.output_messages.1.message.contents.0.message_content.text': 'MK_OUTPUT_PART_TEXT',
  'llm.tools.0.tool.json_schema': '{"name":"MK_TOOL"}',
  'embedding.embeddings.0.embedding.text': 'MK_EMBEDDED_TEXT',
  'embedding.embeddings.0.embedding.vector': [0.5, 12345.678],
  'llm.prompts': ['MK_PROMPT'],
};
const MARKERS = [
  'MK_SESSION',
  'MK_INPUT_VALUE',
  'MK_OUTPUT_VALUE',
  'MK_INPUT_TEXT',
  'MK_INPUT_PART_TEXT',
  'MKINPUTIMAGE',
  'MK_OUTPUT_TEXT',
  'MK_OUTPUT_PART_TEXT',
  'MK_TOOL',
  'MK_EMBEDDED_TEXT',
  '12345.678',
  'MK_PROMPT',
];

const SWITCHES: [keyof TraceConfigOptions, string, string[]][] = [
  [
    'hideInputs',
    'OPENINFERENCE_HIDE_INPUTS',
    ['MK_INPUT_VALUE', 'MK_INPUT_TEXT', 'MK_INPUT_PART_TEXT', 'MKINPUTIMAGE', 'MK_TOOL'],
  ],
  ['hideOutputs', 'OPENINFERENCE_HIDE_OUTPUTS', ['MK_OUTPUT_VALUE', 'MK_OUTPUT_TEXT', 'MK_OUTPUT_PART_TEXT']],
  ['hideInputMessages', 'OPENINFERENCE_HIDE_INPUT_MESSAGES', ['MK_INPUT_TEXT', 'MK_INPUT_PART_TEXT', 'MKINPUTIMAGE']],
  ['hideOutputMessages', 'OPENINFERENCE_HIDE_OUTPUT_MESSAGES', ['MK_OUTPUT_TEXT', 'MK_OUTPUT_PART_TEXT']],
  ['hideInputImages', 'OPENINFERENCE_HIDE_INPUT_IMAGES', ['MKINPUTIMAGE']],
  ['hideInputText', 'OPENINFERENCE_HIDE_INPUT_TEXT', ['MK_INPUT_TEXT', 'MK_INPUT_PART_TEXT']],
  ['hideOutputText', 'OPENINFERENCE_HIDE_OUTPUT_TEXT', ['MK_OUTPUT_TEXT', 'MK_OUTPUT_PART_TEXT']],
  ['hideEmbeddingVectors', 'OPENINFERENCE_HIDE_EMBEDDING_VECTORS', ['12345.678']],
  ['hideLLMTools', 'OPENINFERENCE_HIDE_LLM_TOOLS', ['MK_TOOL']],
  ['hidePrompts', 'OPENINFERENCE_HIDE_PROMPTS', ['MK_PROMPT']],
];

let collector: ChaosCollector;
beforeAll(async () => {
  collector = await startChaosCollector('ok');
});
afterAll(() => collector.close());
afterEach(() => {
  collector.requests.length = 0;
  vi.unstubAllEnvs();
});

/** Records one span with every marker, exports it over HTTP, returns the decoded bytes and the span. */
async function exportOnce(options: RegisterOptions) {
  const obs = register({ serviceName: 'masking', endpoint: collector.url, scheduledDelayMs: 0, ...options });
  const span = obs.tracer.startSpan('llm call', { attributes: ATTRIBUTES }) as RecordingSpan;
  span.end();
  expect(await obs.forceFlush()).toEqual({ exported: 1, dropped: 0 });
  await obs.shutdown();
  return { bytes: collector.bodies().join('\n'), kept: JSON.stringify(span.attributes) };
}

function expectHidden(text: string, hidden: string[]) {
  for (const marker of MARKERS) {
    if (hidden.includes(marker)) expect(text, marker).not.toContain(marker);
    else expect(text, marker).toContain(marker);
  }
}

describe('TraceConfig switches', () => {
  it('are every switch there is: none is left out of these tests', () => {
    // The switches register() decides (resolveTraceConfig), not a list kept beside them.
    const switches = Object.keys(resolveTraceConfig()).filter((name) => name !== 'base64ImageMaxLength');
    expect(SWITCHES.map(([name]) => name).sort()).toEqual(switches.sort());
  });

  it('hide nothing when unset: every marker is exported', async () => {
    expectHidden((await exportOnce({})).bytes, []);
  });

  for (const [name, variable, hidden] of SWITCHES) {
    it(`${name}: as an option, the hidden values never leave the process`, async () => {
      const { bytes, kept } = await exportOnce({ traceConfig: { [name]: true } });
      expectHidden(bytes, hidden);
      expectHidden(kept, hidden);
    });

    it(`${variable}=true in the env bindings does the same`, async () => {
      expectHidden((await exportOnce({ env: { [variable]: 'true' } })).bytes, hidden);
    });

    it(`${variable}=TRUE in process.env does the same, and the option overrides it`, async () => {
      vi.stubEnv(variable, 'TRUE');
      expectHidden((await exportOnce({})).bytes, hidden);
      expectHidden((await exportOnce({ traceConfig: { [name]: false } })).bytes, []);
    });
  }

  it('uses OpenInference’s __REDACTED__ where it redacts rather than removes', async () => {
    const { bytes } = await exportOnce({ traceConfig: { hideInputs: true, hideInputText: true } });
    const spans = collector.acceptedSpans();
    expect(spans[0].attributes['input.value']).toBe('__REDACTED__');
    expect(spans[0].attributes).not.toHaveProperty('llm.input_messages.0.message.content');
    expect(bytes).toContain('__REDACTED__');
  });
});

describe('through the OpenAI instrumentation', () => {
  let standIn: StandIn;
  beforeAll(async () => {
    standIn = await startOpenAiStandIn();
  });
  afterAll(() => standIn.close());

  it('hideInputs + hideOutputs: the prompt and its echo appear in no exported byte', async () => {
    const obs = register({
      endpoint: collector.url,
      scheduledDelayMs: 0,
      traceConfig: { hideInputs: true, hideOutputs: true },
    });
    const answer = await obs.tracer.chain(async function ask(question: string) {
      const response = await obs.fetch(`${standIn.url}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer sk-test' },
        body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: question }] }),
      });
      return ((await response.json()) as { choices: { message: { content: string } }[] }).choices[0].message.content;
    })('MK_PRIVATE_QUESTION');
    expect(answer).toBe('Echo: MK_PRIVATE_QUESTION');
    expect(await obs.forceFlush()).toEqual({ exported: 2, dropped: 0 });
    const bytes = collector.bodies().join('\n');
    expect(bytes).toContain('gpt-4o-mini');
    expect(bytes).not.toContain('MK_PRIVATE_QUESTION');
  });
});
