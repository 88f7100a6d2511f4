import { reportError } from '../../report-error.js';

/**
 * Runs a piece of span recording; an error inside it is reported once (rate-limited) and gives
 * `undefined`, never reaching the caller's request.
 *
 * @example
 * const body = safely(() => JSON.parse(text));
 */
export function safely<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch (error) {
    reportError('llm-span', 'could not record an LLM call', error);
    return undefined;
  }
}
