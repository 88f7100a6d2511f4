// Built-in prices of the provider modules: dated and preview names resolve to their family, cached
// input (and Anthropic's cache writes) are priced apart, and Workers AI has no price of its own.
import { describe, expect, it } from 'vitest';
import { ANTHROPIC_PRICES } from '../../src/providers/anthropic/prices.js';
import { costAttributes, DEFAULT_PRICE_TABLE, resolveModelPrice } from '../../src/providers/default-prices.js';
import { GEMINI_PRICES } from '../../src/providers/gemini/prices.js';
import { workersAiApi } from '../../src/providers/workers-ai/workers-ai-api.js';

describe('provider prices', () => {
  it.each([
    ['claude-opus-4-5-20251101', ANTHROPIC_PRICES['claude-opus-4-5']],
    ['claude-opus-4-20250514', ANTHROPIC_PRICES['claude-opus-4']],
    ['claude-opus-4-1-20250805', ANTHROPIC_PRICES['claude-opus-4-1']],
    ['claude-sonnet-4-5-20250929', ANTHROPIC_PRICES['claude-sonnet-4-5']],
    ['claude-haiku-4-5-20251001', ANTHROPIC_PRICES['claude-haiku-4-5']],
    ['gemini-2.5-flash-lite-preview-09-2025', GEMINI_PRICES['gemini-2.5-flash-lite']],
    ['gemini-2.5-flash-preview-09-2025', GEMINI_PRICES['gemini-2.5-flash']],
    ['gemini-3-pro-preview', GEMINI_PRICES['gemini-3-pro']],
    ['gemini-3-flash-preview', GEMINI_PRICES['gemini-3-flash']],
  ])('%s resolves to its family', (model, price) => {
    expect(price).toBeDefined();
    expect(resolveModelPrice(model)).toBe(price);
  });

  it('prices Anthropic cache reads and writes apart from uncached input', () => {
    // Opus 4.5: $5 input, $0.50 cache read, $6.25 cache write, $25 output.
    const cost = costAttributes('claude-opus-4-5', {
      prompt: 1_000_000,
      cacheRead: 500_000,
      cacheWrite: 200_000,
      completion: 0,
    });
    expect(cost['llm.cost.prompt_details.cache_read']).toBeCloseTo(0.25, 9);
    expect(cost['llm.cost.prompt_details.cache_write']).toBeCloseTo(1.25, 9);
    expect(cost['llm.cost.prompt']).toBeCloseTo(0.3 * 5 + 0.25 + 1.25, 9);
  });

  it('Workers AI has no built-in price, so its models cost nothing unless configured', () => {
    expect(workersAiApi.prices).toEqual({});
    expect(resolveModelPrice('@cf/meta/llama-3.1-8b-instruct')).toBeUndefined();
    expect(Object.keys(DEFAULT_PRICE_TABLE).some((name) => name.startsWith('@cf/'))).toBe(false);
  });
});
