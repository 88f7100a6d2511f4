// Arize's OITracer (openinference-core) as the oracle: for every switch and every kind of key, the
// attributes our span-end step exports equal the ones OISpan lets through to the span.

import { OITracer } from '@arizeai/openinference-core';
import type { Attributes, AttributeValue, Span, Tracer } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { maskAttribute } from '../../src/pipeline/prepare/masking-rules.js';
import type { TraceConfigOptions } from '../../src/pipeline/prepare/trace-config.js';
import { resolveTraceConfig } from '../../src/settings.js';

const LONG_IMAGE = `data:image/png;base64,${'A'.repeat(40_000)}`;
const SHORT_IMAGE = 'data:image/png;base64,AAAA';
const KEYS: Record<string, AttributeValue> = {
  'input.value': 'in',
  'input.mime_type': 'text/plain',
  'output.value': 'out',
  'output.mime_type': 'application/json',
  'llm.input_messages.0.message.role': 'user',
  'llm.input_messages.0.message.content': 'text',
  'llm.input_messages.1.message.contents.0.message_content.type': 'text',
  'llm.input_messages.1.message.contents.0.message_content.text': 'part',
  'llm.input_messages.1.message.contents.1.message_content.image.image.url': SHORT_IMAGE,
  'llm.input_messages.1.message.contents.2.message_content.image.image.url': LONG_IMAGE,
  'llm.input_messages.1.message.tool_calls.0.tool_call.function.arguments': '{}',
  'llm.output_messages.0.message.content': 'answer',
  'llm.output_messages.0.message.contents.0.message_content.text': 'answer part',
  'llm.output_messages.0.message.tool_calls.0.tool_call.function.name': 'f',
  'input.images.0.image.url': LONG_IMAGE,
  'output.images.0.image.url': SHORT_IMAGE,
  'llm.tools.0.tool.json_schema': '{}',
  'llm.prompts': 'prompt',
  'embedding.embeddings.0.embedding.vector': [1, 2],
  'embedding.embeddings.0.embedding.text': 'embedded',
  'session.id': 's',
  'llm.token_count.total': 3,
};

const CONFIGS: TraceConfigOptions[] = [
  {},
  { hideInputs: true },
  { hideOutputs: true },
  { hideInputMessages: true },
  { hideOutputMessages: true },
  { hideInputImages: true },
  { hideInputText: true },
  { hideOutputText: true },
  { hideEmbeddingVectors: true },
  { hideLLMTools: true },
  { hidePrompts: true },
  { base64ImageMaxLength: 10 },
  { hideInputText: true, hideOutputText: true, hideInputImages: true },
];

/** What OISpan passes to the span under it, for each attribute set one by one. */
function oracle(config: TraceConfigOptions): Attributes {
  const seen: Attributes = {};
  const inner = {
    setAttribute: (key: string, value: AttributeValue) => {
      seen[key] = value;
    },
    setAttributes: () => {},
  } as unknown as Span;
  const tracer = { startSpan: () => inner } as unknown as Tracer;
  const span = new OITracer({ tracer, traceConfig: config }).startSpan('oracle');
  for (const [key, value] of Object.entries(KEYS)) span.setAttribute(key, value);
  return seen;
}

function ours(config: TraceConfigOptions): Attributes {
  const resolved = resolveTraceConfig(config, {});
  const kept: Attributes = {};
  for (const [key, value] of Object.entries(KEYS)) {
    const masked = maskAttribute(resolved, key, value);
    if (masked !== undefined) kept[key] = masked;
  }
  return kept;
}

describe('masking rules against openinference-core', () => {
  for (const config of CONFIGS) {
    it(`${JSON.stringify(config)} masks exactly as OITracer does`, () => {
      expect(ours(config)).toEqual(oracle(config));
    });
  }

  it('reads the same variables with the same parsing', () => {
    const env = {
      OPENINFERENCE_HIDE_INPUTS: 'True',
      OPENINFERENCE_HIDE_OUTPUTS: '1',
      OPENINFERENCE_BASE64_IMAGE_MAX_LENGTH: '99',
    };
    expect(resolveTraceConfig({}, env)).toMatchObject({
      hideInputs: true,
      hideOutputs: false,
      base64ImageMaxLength: 99,
    });
    expect(resolveTraceConfig({}, { OPENINFERENCE_BASE64_IMAGE_MAX_LENGTH: 'x' }).base64ImageMaxLength).toBe(32_000);
  });
});
