import { patchGlobalFetch, unpatchGlobalFetch } from './auto-instrument.js';
import { ambientContext } from './context/context-source.js';
import { contextFollowsAwait, installContextManager } from './context/global-context-manager.js';
import { createRequestScope } from './lazy-request-scope.js';
import { currentObs, type LlmObs, setCurrentObs } from './llm-obs.js';
import { runtimeFetch } from './original-fetch.js';
import { installOtelGlobals } from './otel/install-globals.js';
import { LlmObsTracerProvider } from './otel/tracer-provider.js';
import { ConsoleSpanExporter } from './pipeline/console-exporter.js';
import { OtlpHttpExporter } from './pipeline/otlp-http-exporter.js';
import { createPrepareForExport } from './pipeline/prepare/prepare-for-export.js';
import { createTraceSampler } from './pipeline/sampling/error-trace-sampler.js';
import { SpanBuffer } from './pipeline/span-buffer.js';
import type { SpanExporter } from './pipeline/span-exporter.js';
import type { LlmApi } from './providers/provider.js';
import { createTracedFetch } from './providers/recorder/instrument-fetch.js';
import type { RegisterOptions } from './register-options.js';
import { resolveSettings } from './settings.js';
import { LlmTracer } from './trace/llm-tracer.js';
import { withProcessors } from './trace/processing-sink.js';
import { recordingLimits } from './trace/span-limits.js';
import { LIBRARY_NAME, LIBRARY_VERSION } from './version.js';

const NONE_EXPORTER: SpanExporter = {
  async export() {
    return { ok: false, error: new Error("exporter is 'none'") };
  },
};

/**
 * What {@link register} does, with the provider modules given: nothing here imports the default list,
 * so an entry that names its providers does not carry the others.
 */
export function createLlmObs(options: RegisterOptions, providers: readonly LlmApi[]): LlmObs {
  installContextManager(options.AsyncLocalStorage);
  const settings = resolveSettings(options);
  // Spans record one character past the limit so that prepareForExport can mark what it cuts.
  const limits = recordingLimits(settings.spanLimits);
  const sampling = createTraceSampler(settings);
  const sampler = sampling.sampleRoot;
  const exporter = options.exporter;
  const buffer = new SpanBuffer(
    typeof exporter === 'object'
      ? exporter
      : exporter === 'console'
        ? new ConsoleSpanExporter()
        : exporter === 'none'
          ? NONE_EXPORTER
          : new OtlpHttpExporter({
              ...settings.export,
              resource: settings.resource,
              scope: { name: LIBRARY_NAME, version: LIBRARY_VERSION },
            }),
    settings,
    {
      prepareForExport: createPrepareForExport({
        traceConfig: settings.traceConfig,
        redact: settings.redact,
        limits: settings.spanLimits,
      }),
      select: sampling.select,
    },
  );
  const sink = withProcessors(buffer, options.spanProcessors ?? []);
  const tracer = new LlmTracer(sink, limits, ambientContext, sampler);
  const uninstallGlobals =
    options.registerGlobal === false
      ? undefined
      : installOtelGlobals(new LlmObsTracerProvider(sink, limits, ambientContext, sampler));
  let running = true;
  const obs: LlmObs = {
    tracer,
    resource: settings.resource,
    buffer,
    options: settings.llmFetch,
    providers,
    fetch: createTracedFetch(runtimeFetch, {
      // After shutdown, calls pass straight through: nothing would ever send their spans.
      recorder() {
        return running ? obs : undefined;
      },
      contextSource: ambientContext,
    }),
    exportSchedule: options.exportSchedule,
    contextFollowsAwait: contextFollowsAwait(),
    forceFlush(flushOptions) {
      return buffer.flush(flushOptions);
    },
    async shutdown() {
      running = false;
      uninstallGlobals?.();
      // The global wrapper serves whichever instance is current; only that one may take it away.
      if (currentObs() === obs) {
        setCurrentObs(undefined);
        unpatchGlobalFetch();
      }
      await buffer.flush({ endOpenSpans: true });
    },
    scope(base) {
      return createRequestScope(obs, sink, limits, sampler, base);
    },
  };
  setCurrentObs(obs);
  if (options.autoInstrument) patchGlobalFetch();
  return obs;
}
