import { afterEach, describe, expect, it } from 'vitest';
import { type LlmObs, register } from '../../src/index.js';
import { collectingExporter } from '../fixtures/collecting-exporter.js';

// Node 20 cannot run decorators natively; vitest.config.ts lowers this file with esbuild.
let obs: LlmObs;
const exporter = collectingExporter();
afterEach(async () => {
  await obs?.shutdown();
});

describe('@tracer.chain', () => {
  it('works as a stage 3 method decorator', async () => {
    obs = register({ exporter });
    const tracer = obs.tracer;
    class Assistant {
      prefix = 'echo';
      @tracer.chain
      async reply(message: string) {
        return `${this.prefix}: ${message}`;
      }
    }
    expect(await new Assistant().reply('hi')).toBe('echo: hi');
    await obs.forceFlush();
    const [span] = exporter.spans;
    expect(span.name).toBe('reply');
    expect(span.attributes['output.value']).toBe('echo: hi');
  });
});
