/** The instrumentation scope name and `telemetry.sdk.name`. */
export const LIBRARY_NAME = 'edge-llmobs';
/** Kept in step with package.json by a test. */
export const LIBRARY_VERSION = '0.1.0';
