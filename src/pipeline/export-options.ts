import type { Compression } from './compression.js';
import type { OtlpEncoding } from './otlp/otlp-encoding.js';

/**
 * How the OTLP exporter sends: the same names in `register()` and in `OtlpHttpJsonExporter`'s options.
 * In `register()` each falls back to the OTEL variable named, then the default.
 */
export interface ExportOptions {
  /**
   * The wire format: `'http/json'` (default) or `httpProtobuf` from `edge-llmobs/protobuf`.
   * `OTEL_EXPORTER_OTLP_(TRACES_)PROTOCOL=http/protobuf` alone cannot load the protobuf writer into a
   * bundle that never imported it: it is warned about and JSON is used.
   */
  protocol?: 'http/json' | OtlpEncoding;
  /** `'gzip'` (default where the runtime has `CompressionStream`, else plain; bodies under 32 KiB go plain) or `'none'`. `OTEL_EXPORTER_OTLP_(TRACES_)COMPRESSION`. */
  compression?: Compression;
  /** Time one HTTP attempt may take. Default 5000 ms. */
  attemptTimeoutMs?: number;
  /** Tries per request body, the first included; retries only network errors, timeouts and 429/502/503/504. Default 5. */
  maxExportAttempts?: number;
  /** Bytes per request body before compression; larger batches are split. Default 3 MiB. */
  maxExportBatchBytes?: number;
}
