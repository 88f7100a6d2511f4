import { describe, expect, it } from 'vitest';
import {
  costAttributes,
  costAttributesFor,
  DEFAULT_PRICE_TABLE,
  resolveModelPrice,
} from '../../src/providers/default-prices.js';
import type { PriceTable } from '../../src/providers/recorder/price-table.js';

describe('costAttributes', () => {
  it('prices a known model per million tokens', () => {
    const cost = costAttributes('gpt-4o-mini', { prompt: 2_000_000, completion: 500_000 });
    expect(cost['llm.cost.prompt']).toBeCloseTo(0.3, 10);
    expect(cost['llm.cost.completion']).toBeCloseTo(0.3, 10);
    expect(cost['llm.cost.total']).toBeCloseTo(0.6, 10);
    expect(cost['llm.cost.prompt_details.cache_read']).toBeUndefined();
  });

  it('resolves a dated snapshot to its base entry, and a differently priced snapshot to its own', () => {
    expect(resolveModelPrice('gpt-4o-mini-2024-07-18')).toBe(DEFAULT_PRICE_TABLE['gpt-4o-mini']);
    expect(resolveModelPrice('gpt-4.1-nano-2025-04-14')).toBe(DEFAULT_PRICE_TABLE['gpt-4.1-nano']);
    expect(resolveModelPrice('gpt-4o-2024-08-06')).toBe(DEFAULT_PRICE_TABLE['gpt-4o']);
    expect(resolveModelPrice('gpt-4o-2024-05-13')).toBe(DEFAULT_PRICE_TABLE['gpt-4o-2024-05-13']);
    expect(resolveModelPrice('gpt-3.5-turbo-instruct-0914')).toBe(DEFAULT_PRICE_TABLE['gpt-3.5-turbo-instruct']);
    expect(resolveModelPrice('openai/gpt-5-mini')).toBe(DEFAULT_PRICE_TABLE['gpt-5-mini']);
    // The prefix must end at a '-': 'gpt-4o' is not the base of 'gpt-4omega'.
    expect(resolveModelPrice('gpt-4omega')).toBeUndefined();
    const cost = costAttributes('gpt-4o-mini-2024-07-18', { prompt: 1_000_000, completion: 1_000_000 });
    expect(cost['llm.cost.total']).toBeCloseTo(0.75, 10);
  });

  it('prices cached prompt tokens at the cached rate and the rest at the input rate', () => {
    const cost = costAttributes('gpt-4.1', { prompt: 1_000_000, cacheRead: 400_000, completion: 0 });
    // 600k × $2/M + 400k × $0.50/M
    expect(cost['llm.cost.prompt']).toBeCloseTo(1.2 + 0.2, 10);
    expect(cost['llm.cost.prompt_details.cache_read']).toBeCloseTo(0.2, 10);
    expect(cost['llm.cost.total']).toBeCloseTo(1.4, 10);
    // A model with no cached rate charges cached tokens at the input rate.
    const legacy = costAttributes('gpt-3.5-turbo', { prompt: 1_000_000, cacheRead: 1_000_000 });
    expect(legacy['llm.cost.prompt']).toBeCloseTo(0.5, 10);
  });

  it('gives nothing for an unknown model or no counts', () => {
    expect(costAttributes('llama3.1:8b', { prompt: 10, completion: 10 })).toEqual({});
    expect(costAttributes(undefined, { prompt: 10 })).toEqual({});
    expect(costAttributes('gpt-4o', {})).toEqual({});
  });

  it('takes a user table, and the default table cannot be changed', () => {
    const table: PriceTable = { ...DEFAULT_PRICE_TABLE, 'my-finetune': { input: 3, output: 12 } };
    expect(
      costAttributes('my-finetune-v2', { prompt: 1_000_000, completion: 1_000_000 }, table)['llm.cost.total'],
    ).toBe(15);
    expect(Object.isFrozen(DEFAULT_PRICE_TABLE)).toBe(true);
    expect(Object.isFrozen(DEFAULT_PRICE_TABLE['gpt-4o'])).toBe(true);
  });

  it('reads model and counts from span attributes, embeddings included', () => {
    const chat = costAttributesFor({
      'llm.model_name': 'gpt-4o-mini-2024-07-18',
      'llm.token_count.prompt': 1000,
      'llm.token_count.completion': 100,
      'llm.token_count.prompt_details.cache_read': 0,
    });
    expect(chat['llm.cost.total']).toBeCloseTo((1000 * 0.15 + 100 * 0.6) / 1e6, 12);
    const embedding = costAttributesFor({
      'embedding.model_name': 'text-embedding-3-small',
      'llm.token_count.prompt': 1e6,
    });
    expect(embedding['llm.cost.total']).toBeCloseTo(0.02, 10);
  });
});
