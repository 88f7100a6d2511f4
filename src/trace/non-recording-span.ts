import type { Attributes, AttributeValue, Link, Span, SpanContext, SpanStatus } from '@opentelemetry/api';

/**
 * The span handed out where nothing is recorded (inside `suppressTracing`, or a trace not sampled):
 * every call is accepted and ignored so user code needs no branches.
 */
export class NonRecordingSpan implements Span {
  readonly #context: SpanContext;

  constructor(context: SpanContext) {
    this.#context = context;
  }

  spanContext(): SpanContext {
    return this.#context;
  }
  setAttribute(_key: string, _value: AttributeValue): this {
    return this;
  }
  setAttributes(_attributes: Attributes): this {
    return this;
  }
  addEvent(_name: string): this {
    return this;
  }
  addLink(_link: Link): this {
    return this;
  }
  addLinks(_links: Link[]): this {
    return this;
  }
  setStatus(_status: SpanStatus): this {
    return this;
  }
  updateName(_name: string): this {
    return this;
  }
  end(): void {}
  isRecording(): boolean {
    return false;
  }
  recordException(): void {}
}
