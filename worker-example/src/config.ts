// In your own Worker: import type { CloudflareConfig } from 'edge-llmobs/cloudflare';
import type { CloudflareConfig } from '../../src/adapters/cloudflare/index.js';

/** The tracing configuration of the Worker and of its Durable Object (one service, one metadata). */
export const config: CloudflareConfig = { serviceName: 'chat-app', metadata: { channel: 'web' } };
