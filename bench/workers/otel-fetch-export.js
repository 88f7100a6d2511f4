// What a Worker author writes to use @opentelemetry/sdk-trace-base at the edge: a provider with a
// BatchSpanProcessor and an exporter that serializes with otlp-transformer's JsonTraceSerializer and
// POSTs with fetch. Shared by the sdk-trace-base and openinference-core Workers.
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';

const SUCCESS = 0;
const FAILED = 1;

/** An OTLP/HTTP JSON span exporter over fetch. */
class FetchJsonSpanExporter {
  constructor(url) {
    this.url = url;
  }

  export(spans, done) {
    fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JsonTraceSerializer.serializeRequest(spans),
    }).then(
      (response) => {
        done({ code: response.ok ? SUCCESS : FAILED });
        return response.body?.cancel();
      },
      (error) => done({ code: FAILED, error }),
    );
  }

  shutdown() {
    return Promise.resolve();
  }
}

let provider;

/** The isolate's tracer provider, made on the first request (bindings arrive with requests). */
export function tracerProvider(env) {
  provider ??= new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'bench-worker' }),
    spanProcessors: [new BatchSpanProcessor(new FetchJsonSpanExporter(`${env.OTEL_EXPORTER_OTLP_ENDPOINT}/v1/traces`))],
  });
  return provider;
}
