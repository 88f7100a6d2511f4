/**
 * `edge-llmobs/protobuf`: OTLP/HTTP protobuf, the protocol Middleware's own SDK speaks. A separate
 * entry point so users of the default JSON protocol do not bundle `@opentelemetry/otlp-transformer`.
 *
 * @example
 * import { register } from 'edge-llmobs';
 * import { httpProtobuf } from 'edge-llmobs/protobuf';
 * const obs = register({ serviceName: 'chat-app', protocol: httpProtobuf });
 */
export type { OtlpBody, OtlpEncoding } from './pipeline/otlp/otlp-encoding.js';
export { httpProtobuf } from './pipeline/otlp/otlp-protobuf.js';
