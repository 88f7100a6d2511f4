// In your own Worker: import type { CloudflareConfig } from 'edge-llmobs/cloudflare';
import type { CloudflareConfig } from '../../src/adapters/cloudflare/index.js';
// In your own Worker: import { aiSdkProcessor } from 'edge-llmobs/ai-sdk';
import { aiSdkProcessor } from '../../src/integrations/ai-sdk/index.js';

/**
 * The tracing configuration of the Worker and of its Durable Object (one service, one metadata); the
 * AI SDK processor turns POST /chat/ai's `ai.*` spans into OpenInference spans.
 */
export const config: CloudflareConfig = {
  serviceName: 'chat-app',
  metadata: { channel: 'web' },
  spanProcessors: [aiSdkProcessor()],
};
