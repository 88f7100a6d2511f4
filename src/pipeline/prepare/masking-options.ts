import type { RedactHook } from './prepare-for-export.js';
import type { TraceConfigOptions } from './trace-config.js';

/** What `register()` hides before spans leave the process. */
export interface MaskingOptions {
  /**
   * OpenInference's TraceConfig switches (`hideInputs`, `hideOutputs`, `hideInputMessages`, ...);
   * unset ones are read from the `OPENINFERENCE_HIDE_*` variables of `env`, then `process.env`.
   */
  traceConfig?: TraceConfigOptions;
  /**
   * Called once per ended span before it is exported (when a flush takes it), after the switches:
   * return the attributes to export, or `null` to drop the span. If it throws, the span is dropped.
   *
   * @example
   * register({ redact: (attributes) => ({ ...attributes, 'user.id': hash(String(attributes['user.id'])) }) });
   */
  redact?: RedactHook;
}
