import { describe, expect, it } from 'vitest';
import { routeAttributes } from '../../src/providers/openai/route-attributes.js';
import { providerFromHost, recognizeOpenAiRequest } from '../../src/providers/openai/routes.js';

const recognize = (url: string, method = 'POST') => recognizeOpenAiRequest(new URL(url), method);

describe('recognizeOpenAiRequest', () => {
  it.each([
    ['https://api.openai.com/v1/chat/completions', 'chat', 'openai'],
    ['https://api.openai.com/v1/responses', 'responses', 'openai'],
    ['https://api.openai.com/v1/embeddings', 'embeddings', 'openai'],
    ['https://api.openai.com/v1/completions', 'completions', 'openai'],
    ['https://res.openai.azure.com/openai/deployments/gpt4o/chat/completions?api-version=2024-10-21', 'chat', 'azure'],
    ['https://res.openai.azure.com/openai/v1/responses', 'responses', 'azure'],
    ['https://gateway.ai.cloudflare.com/v1/acct/gw/openai/chat/completions', 'chat', 'cloudflare'],
    ['https://gateway.ai.cloudflare.com/v1/acct/gw/compat/chat/completions', 'chat', 'cloudflare'],
    ['https://openrouter.ai/api/v1/chat/completions', 'chat', 'openrouter'],
    ['https://api.groq.com/openai/v1/chat/completions', 'chat', 'groq'],
    ['https://api.together.xyz/v1/completions', 'completions', 'together'],
    ['https://api.deepseek.com/chat/completions', 'chat', 'deepseek'],
    ['https://api.mistral.ai/v1/embeddings', 'embeddings', 'mistralai'],
    ['https://api.x.ai/v1/responses', 'responses', 'xai'],
    ['https://generativelanguage.googleapis.com/v1beta/openai/chat/completions', 'chat', 'google'],
    ['http://localhost:11434/v1/chat/completions', 'chat', undefined],
    ['http://127.0.0.1:8000/v1/completions', 'completions', undefined],
  ])('%s', (url, operation, provider) => {
    expect(recognize(url)).toEqual({ operation, provider });
  });

  it('recognizes only POST, and not the sub-resources of a response', () => {
    expect(recognize('https://api.openai.com/v1/chat/completions', 'GET')).toBeUndefined();
    expect(recognize('https://api.openai.com/v1/chat/completions', 'post')).toEqual({
      operation: 'chat',
      provider: 'openai',
    });
    expect(recognize('https://api.openai.com/v1/responses/resp_123')).toBeUndefined();
    expect(recognize('https://api.openai.com/v1/responses/resp_123/cancel')).toBeUndefined();
    expect(recognize('https://api.openai.com/v1/chat/completions/chatcmpl-1')).toBeUndefined();
    expect(recognize('https://api.openai.com/v1/models')).toBeUndefined();
    expect(recognize('https://example.com/')).toBeUndefined();
  });

  it('matches host suffixes at a label boundary only', () => {
    expect(providerFromHost('API.OPENAI.COM')).toBe('openai');
    expect(providerFromHost('smollama.com')).toBeUndefined();
    expect(providerFromHost('eu.ollama.com')).toBe('ollama');
    expect(providerFromHost('notapi.openai.com.evil.net')).toBeUndefined();
  });

  it('gives the span kind, system and provider of a route', () => {
    expect(routeAttributes({ operation: 'embeddings', provider: 'azure' })).toEqual({
      'openinference.span.kind': 'EMBEDDING',
      'llm.system': 'openai',
      'llm.provider': 'azure',
    });
    expect(routeAttributes({ operation: 'chat', provider: undefined })).toEqual({
      'openinference.span.kind': 'LLM',
      'llm.system': 'openai',
    });
  });
});
