/** A bag of configuration strings: a Worker's `env` bindings, or `process.env`. */
export type ConfigSource = Readonly<Record<string, unknown>>;

/** The default collector: an OpenTelemetry Collector or the local viewer on this machine. */
export const DEFAULT_TRACES_URL = 'http://localhost:4318/v1/traces';

/** `process.env` where the runtime has one (and lets it be read), else `undefined`. */
export function processEnv(): ConfigSource | undefined {
  try {
    return (globalThis as { process?: { env?: ConfigSource } }).process?.env;
  } catch {
    return undefined;
  }
}

/**
 * Reads one setting: the `env` object first, then `process.env` where the runtime has one. Only
 * non-empty strings count, so a binding that holds an object or `""` falls through.
 */
export function readSetting(name: string, env?: ConfigSource): string | undefined {
  const fromEnv = env?.[name];
  if (typeof fromEnv === 'string' && fromEnv !== '') return fromEnv;
  const fromProcess = processEnv()?.[name];
  return typeof fromProcess === 'string' && fromProcess !== '' ? fromProcess : undefined;
}

/** Parses the OTEL `key1=value1,key2=value2` list form (values URL-decoded); malformed pairs are skipped. */
export function parseKeyValueList(text: string | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  if (!text) return result;
  for (const pair of text.split(',')) {
    const equals = pair.indexOf('=');
    if (equals <= 0) continue;
    const key = pair.slice(0, equals).trim();
    const value = pair.slice(equals + 1).trim();
    try {
      result[key] = decodeURIComponent(value);
    } catch {
      result[key] = value;
    }
  }
  return result;
}

/**
 * The traces URL: an `endpoint` option or `OTEL_EXPORTER_OTLP_ENDPOINT` is a base to which
 * `/v1/traces` is appended (unless already there); `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` is used as is.
 */
export function resolveTracesUrl(endpoint: string | undefined, env?: ConfigSource): string {
  const traces = endpoint ? undefined : readSetting('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', env);
  if (traces) return traces;
  const base = (endpoint || readSetting('OTEL_EXPORTER_OTLP_ENDPOINT', env))?.replace(/\/+$/, '');
  if (base === undefined) return DEFAULT_TRACES_URL;
  return base.endsWith('/v1/traces') ? base : `${base}/v1/traces`;
}

/** A positive integer setting, or `undefined` when unset or not a positive integer. */
export function readPositiveInteger(name: string, env?: ConfigSource): number | undefined {
  const value = Number(readSetting(name, env));
  return Number.isInteger(value) && value > 0 ? value : undefined;
}
