import { modelPrice, type PriceTable } from '../recorder/price-table.js';

/**
 * Gemini API prices for the 2.5 and 3 families, USD per 1M tokens: text/image/video input, context
 * cache hits, and output (thinking included), for prompts up to 200K tokens (longer prompts cost
 * more on the Pro models). Taken from ai.google.dev/gemini-api/docs/pricing, 2026-11-25; Vertex AI
 * lists the same standard rates. Preview names (`gemini-3-pro-preview`) resolve to these base names.
 *
 * @example
 * GEMINI_PRICES['gemini-2.5-flash']; // { input: 0.3, cachedInput: 0.03, output: 2.5 }
 */
export const GEMINI_PRICES: PriceTable = /* @__PURE__ */ Object.freeze({
  'gemini-3.1-pro': modelPrice(2, 0.2, 12),
  'gemini-3.1-flash-lite': modelPrice(0.25, 0.025, 1.5),
  'gemini-3-pro': modelPrice(2, 0.2, 12),
  'gemini-3-flash': modelPrice(0.5, 0.05, 3),
  'gemini-2.5-pro': modelPrice(1.25, 0.125, 10),
  'gemini-2.5-flash': modelPrice(0.3, 0.03, 2.5),
  'gemini-2.5-flash-lite': modelPrice(0.1, 0.01, 0.4),
  'gemini-2.0-flash': modelPrice(0.1, 0.025, 0.4),
  'gemini-2.0-flash-lite': modelPrice(0.075, undefined, 0.3),
});
