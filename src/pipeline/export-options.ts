import { type ConfigSource, readPositiveInteger, readSetting } from '../config.js';
import { reportError } from '../report-error.js';
import type { Compression } from './compression.js';
import { httpJson, type OtlpEncoding } from './otlp/otlp-encoding.js';

/** How `register()`'s OTLP exporter sends; each falls back to the OTEL variable named, then the default. */
export interface ExportOptions {
  /**
   * The wire format: `'http/json'` (default) or `httpProtobuf` from `edge-llmobs/protobuf`.
   * `OTEL_EXPORTER_OTLP_(TRACES_)PROTOCOL=http/protobuf` alone cannot load the protobuf writer into a
   * bundle that never imported it: it is warned about and JSON is used.
   */
  protocol?: 'http/json' | OtlpEncoding;
  /** `'gzip'` (default where the runtime has `CompressionStream`, else plain) or `'none'`. `OTEL_EXPORTER_OTLP_(TRACES_)COMPRESSION`. */
  compression?: Compression;
  /** Time one HTTP attempt may take. Default 5000 ms. */
  attemptTimeoutMs?: number;
  /** Tries per request body, the first included; retries only network errors, timeouts and 429/502/503/504. Default 5. */
  maxExportAttempts?: number;
  /** Bytes per request body before compression; larger batches are split. Default 3 MiB. */
  maxExportBatchBytes?: number;
}

/** {@link ExportOptions} with the env read and defaults applied, plus the flush deadline. */
export interface ExportSettings {
  readonly encoding: OtlpEncoding;
  readonly compression: Compression;
  readonly exportTimeoutMs: number;
  readonly attemptTimeoutMs: number;
  readonly maxAttempts: number;
  readonly maxBatchBytes: number | undefined;
}

function readSignalSetting(name: string, env?: ConfigSource): string | undefined {
  return readSetting(`OTEL_EXPORTER_OTLP_TRACES_${name}`, env) ?? readSetting(`OTEL_EXPORTER_OTLP_${name}`, env);
}

function resolveEncoding(protocol: ExportOptions['protocol'], env?: ConfigSource): OtlpEncoding {
  if (typeof protocol === 'object') return protocol;
  const wanted = protocol ?? readSignalSetting('PROTOCOL', env) ?? 'http/json';
  if (wanted !== 'http/json') {
    reportError('protocol', `protocol ${wanted} needs its encoding passed in (edge-llmobs/protobuf); using http/json`);
  }
  return httpJson;
}

/**
 * Resolves the exporter's settings. `exportTimeoutMs` (the whole flush, retries included) falls back
 * to `OTEL_EXPORTER_OTLP_(TRACES_)TIMEOUT`, then 10 s: well inside a Worker's 30 s `waitUntil`.
 *
 * @example
 * resolveExportSettings({ compression: 'none' }, env).exportTimeoutMs; // 10000 unless OTEL_EXPORTER_OTLP_TIMEOUT
 */
export function resolveExportSettings(
  options: ExportOptions & { exportTimeoutMs?: number },
  env?: ConfigSource,
): ExportSettings {
  const compression = options.compression ?? readSignalSetting('COMPRESSION', env);
  return {
    encoding: resolveEncoding(options.protocol, env),
    compression: compression === 'none' ? 'none' : 'gzip',
    exportTimeoutMs:
      options.exportTimeoutMs ??
      readPositiveInteger('OTEL_EXPORTER_OTLP_TRACES_TIMEOUT', env) ??
      readPositiveInteger('OTEL_EXPORTER_OTLP_TIMEOUT', env) ??
      10_000,
    attemptTimeoutMs: options.attemptTimeoutMs ?? 5000,
    maxAttempts: options.maxExportAttempts ?? 5,
    maxBatchBytes: options.maxExportBatchBytes,
  };
}
