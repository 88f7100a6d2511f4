import { dirname } from 'node:path';
import { Miniflare } from 'miniflare';

/** Runs a built Worker in workerd through Miniflare, with the given flags, bindings and Durable Objects. */
export function startWorkerd(
  scriptPath: string,
  compatibilityFlags: string[],
  bindings: Record<string, string>,
  durableObjects?: Record<string, string>,
): Miniflare {
  return new Miniflare({
    modules: true,
    scriptPath,
    modulesRoot: dirname(scriptPath),
    compatibilityDate: '2026-03-01',
    compatibilityFlags,
    bindings,
    durableObjects,
  });
}

/** Reads a streamed body chunk by chunk, with the time each chunk arrived. */
export async function timedChunks(response: { body: unknown }): Promise<{ text: string; at: number }[]> {
  const chunks: { text: string; at: number }[] = [];
  const decoder = new TextDecoder();
  // Miniflare's Response is undici's, typed apart from the DOM one.
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return chunks;
    chunks.push({ text: decoder.decode(value), at: Date.now() });
  }
}
